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
}
