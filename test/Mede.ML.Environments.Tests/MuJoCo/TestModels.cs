namespace Mede.ML.Environments.Tests.MuJoCo;

/// <summary>Small MJCF models written for the tests.</summary>
internal static class TestModels
{
    /// <summary>A free ball (free joint, qpos 0..6) and a slider (slide joint along z, qpos 7); no contacts.</summary>
    public const string FreeFall = """
        <mujoco model="freefall">
          <option timestep="0.002" gravity="0 0 -9.81" integrator="Euler"/>
          <worldbody>
            <body name="ball" pos="0 0 10">
              <freejoint name="ball_free"/>
              <geom name="ball_geom" type="sphere" size="0.1" mass="1" contype="0" conaffinity="0"/>
            </body>
            <body name="slider" pos="1 0 5">
              <joint name="slide_z" type="slide" axis="0 0 1"/>
              <geom name="slider_geom" type="box" size="0.1 0.1 0.1" mass="2" contype="0" conaffinity="0"/>
            </body>
          </worldbody>
        </mujoco>
        """;

    /// <summary>A 3 kg box resting on a plane, with a motor on a hinge elsewhere.</summary>
    public const string RestingBox = """
        <mujoco model="restingbox">
          <option timestep="0.002"/>
          <size njmax="40" nconmax="8" nstack="20000"/>
          <worldbody>
            <geom name="floor" type="plane" size="5 5 0.1"/>
            <body name="box" pos="0 0 0.1">
              <freejoint/>
              <geom name="box_geom" type="box" size="0.1 0.1 0.1" mass="3"/>
            </body>
            <body name="arm" pos="2 0 1">
              <joint name="hinge" type="hinge" axis="0 1 0"/>
              <geom type="capsule" fromto="0 0 0 0.5 0 0" size="0.05" contype="0" conaffinity="0"/>
            </body>
          </worldbody>
          <actuator>
            <motor name="arm_motor" joint="hinge" gear="200" ctrlrange="-1 1" ctrllimited="true"/>
          </actuator>
        </mujoco>
        """;

    /// <summary>An actuator that names a joint the model lacks.</summary>
    public const string UnknownJoint = """
        <mujoco model="broken">
          <worldbody>
            <body name="b"><joint name="j" type="hinge"/><geom type="sphere" size="0.1"/></body>
          </worldbody>
          <actuator>
            <motor joint="nonexistent"/>
          </actuator>
        </mujoco>
        """;
}
