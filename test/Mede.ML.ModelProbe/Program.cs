// Loads a model saved by ml.Model.Save in another process and scores rows with it, twice: with what ml.Model.Load
// returns (ML.NET's chain) and with the typed MedeTransformer read from the same file. The tests compare the outputs
// with the saving process's bit for bit.
// Usage: Mede.ML.ModelProbe MODEL.zip INPUT.idv CHAIN-OUTPUT.idv TYPED-OUTPUT.idv
using Mede.ML.Persistence;
using Microsoft.ML;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Mede.ML.ModelProbe MODEL.zip INPUT.idv CHAIN-OUTPUT.idv TYPED-OUTPUT.idv");
    return 2;
}

var ml = new MLContext(seed: 0);
IDataView input = ml.Data.LoadFromBinary(args[1]);
ITransformer chain = ml.Model.Load(args[0], out DataViewSchema _);
Save(chain.Transform(input), args[2]);
ITransformer typed = ml.Model.LoadMedeTransformer(args[0]);
Save(typed.Transform(input), args[3]);
Console.WriteLine($"loaded {chain.GetType().Name} and {typed.GetType().Name}");
return 0;

void Save(IDataView data, string path)
{
    using var stream = File.Create(path);
    ml.Data.SaveAsBinary(data, stream, keepHidden: false);
}
