namespace Mede.ML.Analysis.Tests.Notebooks;

/// <summary>The .NET Interactive helpers a notebook cell may call, recorded instead of rendered.</summary>
#pragma warning disable CA1822, IDE1006 // lower-case names and instance members are what notebook code calls
public sealed class NotebookGlobals
{
    public List<object> Displayed { get; } = [];

    public object display(object value)
    {
        Displayed.Add(value);
        return value;
    }

    public string HTML(string markup) => markup;
}
#pragma warning restore CA1822, IDE1006
