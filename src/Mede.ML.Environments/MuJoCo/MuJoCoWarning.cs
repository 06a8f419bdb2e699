namespace Mede.ML.Environments.MuJoCo;

/// <summary>MuJoCo's warning kinds (values of <c>mjtWarning</c>), counted per simulation.</summary>
public enum MuJoCoWarning
{
    /// <summary>A (near) singular inertia matrix.</summary>
    Inertia = 0,

    /// <summary>The contact list was full: contacts were dropped (the model's nconmax is too small).</summary>
    ContactFull = 1,

    /// <summary>The constraint rows were full: constraints were dropped (the model's njmax is too small).</summary>
    ConstraintFull = 2,

    /// <summary>Too many visual geoms (rendering only; never raised by Mede.ML).</summary>
    VisualGeomFull = 3,

    /// <summary>A bad number (NaN, infinity or beyond 1e10) in qpos: MuJoCo reset the simulation.</summary>
    BadPosition = 4,

    /// <summary>A bad number in qvel: MuJoCo reset the simulation.</summary>
    BadVelocity = 5,

    /// <summary>A bad number in qacc: MuJoCo reset the simulation.</summary>
    BadAcceleration = 6,

    /// <summary>A bad number in ctrl: MuJoCo zeroed the controls.</summary>
    BadControl = 7,
}
