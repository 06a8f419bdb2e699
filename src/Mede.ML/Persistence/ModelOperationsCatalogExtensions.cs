using Microsoft.ML;

namespace Mede.ML.Persistence;

/// <summary>Loading the full <see cref="MedeTransformer"/> back from a model file written by ML.NET's <c>ml.Model.Save</c>.</summary>
public static class ModelOperationsCatalogExtensions
{
    /// <summary>
    /// Loads the <see cref="MedeTransformer"/> inside a model file that <c>ml.Model.Save</c> wrote (the model alone, or
    /// a chain with the model in it): every policy, critic and discriminator, so <see cref="MedeTransformer.GetPolicy"/>,
    /// the critics and evaluation work as on the saved model. <c>ml.Model.Load</c> of the same file gives ML.NET's
    /// <c>TransformerChain</c>, which scores rows the same way.
    /// </summary>
    /// <param name="catalog">The context's model catalog (<c>ml.Model</c>).</param>
    /// <param name="path">The model file.</param>
    /// <param name="inputSchema">The input schema saved with the model.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ML.NET model, holds no Mede.ML model, or the
    /// Mede.ML model in it is corrupted, of an unknown format version or of mismatched shapes; the message names the
    /// file and the entry.</exception>
    public static MedeTransformer LoadMedeTransformer(this ModelOperationsCatalog catalog, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Model file '{full}' does not exist.", full);
        }

        ITransformer loaded;
        try
        {
            loaded = catalog.Load(full, out inputSchema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{full} is not a readable ML.NET model file ({e.GetType().Name}: {e.Message}).", e);
        }

        string payload = SavedModelChain.FindPayload(loaded) ?? throw new InvalidDataException(
            $"{full} is an ML.NET model without a Mede.ML model in it (no value mapping to the column '{SavedModelChain.PayloadColumn}'); save it with ml.Model.Save(model, schema, path) from a MedeTransformer or a chain holding one.");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(payload);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{full}: the Mede.ML model in column '{SavedModelChain.PayloadColumn}' is corrupted (not base64: {e.Message}).", e);
        }

        return MedeModelFile.FromBytes(bytes, $"{full} (Mede.ML model in column '{SavedModelChain.PayloadColumn}')");
    }

    /// <summary>Loads the <see cref="MedeTransformer"/> inside a model file (see
    /// <see cref="LoadMedeTransformer(ModelOperationsCatalog, string, out DataViewSchema)"/>).</summary>
    /// <param name="catalog">The context's model catalog (<c>ml.Model</c>).</param>
    /// <param name="path">The model file.</param>
    public static MedeTransformer LoadMedeTransformer(this ModelOperationsCatalog catalog, string path) =>
        LoadMedeTransformer(catalog, path, out _);
}
