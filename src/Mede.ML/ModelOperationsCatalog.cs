namespace Mede.ML;

/// <summary>Saving and loading models, as ML.NET's <c>ModelOperationsCatalog</c>; reached through <see cref="MLContext.Model"/>.</summary>
public sealed class ModelOperationsCatalog
{
    internal ModelOperationsCatalog(MLContext context)
    {
        Context = context;
    }

    /// <summary>The context the catalog belongs to.</summary>
    internal MLContext Context { get; }

    /// <summary>
    /// Saves <paramref name="model"/> as one zip file: <c>model.json</c> (format version, library version, options,
    /// observation and action sizes, the action box, agents, network mode) and <c>weights.safetensors</c> (the
    /// policies, critics and discriminators by name, readable with Python's <c>safetensors</c>). The file is replaced
    /// atomically: readers see the old file or the whole new one.
    /// </summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="path">The destination, conventionally <c>*.mede.zip</c>; its directory must exist.</param>
    public void Save(MedeTransformer model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        MedeModelFile.Save(model, path);
    }

    /// <summary>Loads a model written by <see cref="Save"/>; it acts and scores bit-identically to the saved one.</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip, an entry is missing or malformed, the format
    /// version is unknown, or a tensor is missing or has the wrong shape; the message names the path and the entry.</exception>
    public MedeTransformer Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return MedeModelFile.Load(path);
    }
}
