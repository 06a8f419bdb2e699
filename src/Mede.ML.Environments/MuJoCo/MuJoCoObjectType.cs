namespace Mede.ML.Environments.MuJoCo;

/// <summary>Kinds of named MuJoCo objects (values of <c>mjtObj</c> in 2.2.2).</summary>
public enum MuJoCoObjectType
{
    /// <summary>A body (<c>mjOBJ_BODY</c>).</summary>
    Body = 1,

    /// <summary>A joint (<c>mjOBJ_JOINT</c>).</summary>
    Joint = 3,

    /// <summary>A geom (<c>mjOBJ_GEOM</c>).</summary>
    Geom = 5,

    /// <summary>A site (<c>mjOBJ_SITE</c>).</summary>
    Site = 6,

    /// <summary>An actuator (<c>mjOBJ_ACTUATOR</c>).</summary>
    Actuator = 18,
}
