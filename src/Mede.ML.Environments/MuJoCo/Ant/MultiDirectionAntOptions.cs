namespace Mede.ML.Environments.MuJoCo;

/// <summary>Options of <see cref="MultiDirectionAnt"/>: those of <see cref="AntOptions"/>, with the contact cost on
/// by default (as in Ant-v2/v3, the models of the paper's time).</summary>
public sealed class MultiDirectionAntOptions : AntOptions
{
    /// <summary>Creates the defaults: Ant-v4's weights with <see cref="AntOptions.UseContactCost"/> true.</summary>
    public MultiDirectionAntOptions() => UseContactCost = true;
}
