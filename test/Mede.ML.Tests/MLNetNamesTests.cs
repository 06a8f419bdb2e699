using System.Reflection;

namespace Mede.ML.Tests;

/// <summary>Mede.ML carries no copy of an ML.NET type: none of its type names is the name of a type ML.NET exports.</summary>
[TestClass]
public sealed class MLNetNamesTests
{
    [TestMethod]
    public void TypeNames_OfEveryMedeAssembly_ShadowNoMLNetType()
    {
        Assembly[] mlNet =
        [
            typeof(MLContext).Assembly, typeof(IDataView).Assembly, typeof(Microsoft.ML.Runtime.IHostEnvironment).Assembly,
            typeof(Microsoft.ML.Transforms.ValueMappingTransformer).Assembly, typeof(Microsoft.Data.Analysis.DataFrame).Assembly,
        ];
        var mlNetNames = mlNet.SelectMany(a => a.GetExportedTypes()).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assembly[] mede = [typeof(MedeTrainer).Assembly, typeof(Analysis.Store.RunStore).Assembly];

        string[] clashes = mede.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsNested && !t.Name.StartsWith('<') && mlNetNames.Contains(t.Name))
            .Select(t => t.FullName!)
            .ToArray();

        Assert.IsGreaterThan(200, mlNetNames.Count, "ML.NET's exported types were found");
        Assert.IsEmpty(clashes, "Mede.ML types named like ML.NET types: " + string.Join(", ", clashes));
    }
}
