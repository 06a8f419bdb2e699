namespace Mede.ML.Environments.MuJoCo;

/// <summary>Options of <see cref="MultiDirectionAntV4"/> (Multi-direction Ant on Ant-v4): those of
/// <see cref="AntOptions"/>, with the contact cost on by default (as in Ant-v2/v3, the models of the paper's time).
/// The paper's task has its own, <see cref="MultiDirectionAntOptions"/>.</summary>
public sealed class MultiDirectionAntV4Options : AntOptions
{
    /// <summary>Creates the defaults: Ant-v4's weights with <see cref="AntOptions.UseContactCost"/> true.</summary>
    public MultiDirectionAntV4Options() => UseContactCost = true;
}
