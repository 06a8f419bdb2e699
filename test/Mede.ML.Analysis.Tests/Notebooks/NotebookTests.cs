using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Mede.ML.Analysis.Tests.Notebooks;

/// <summary>
/// Executes every C# code cell of every notebook in <c>notebooks/</c>, in order, with state carried from cell to
/// cell (as a Polyglot notebook kernel does), so the notebooks cannot rot. <c>#r</c> lines that load this
/// solution's assemblies are replaced by references to the built assemblies; <c>display</c> and <c>HTML</c>, the two
/// .NET Interactive helpers the notebooks use, come from <see cref="NotebookGlobals"/>.
/// </summary>
[TestClass]
public sealed partial class NotebookTests
{
    public static IEnumerable<object[]> Notebooks() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).Select(p => new object[] { Path.GetFileName(p) });

    [TestMethod]
    [DynamicData(nameof(Notebooks))]
    public async Task Notebook_EveryCodeCell_RunsInOrderWithoutError(string notebook)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "notebooks", notebook);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var cells = document.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(line => line.GetString())))
            .ToList();
        Assert.IsNotEmpty(cells, $"{notebook} has no code cells");

        ScriptOptions options = ScriptOptions.Default
            .AddReferences(typeof(Mede.ML.Analysis.Theory.TabularMdp).Assembly, typeof(MedeTrainer).Assembly, typeof(Mede.ML.Neural.Tensor).Assembly, typeof(Mede.ML.Environments.MultiGoal).Assembly)
            .AddReferences(typeof(MLContext).Assembly, typeof(IDataView).Assembly, typeof(Microsoft.ML.Runtime.IHostEnvironment).Assembly, typeof(Microsoft.Data.Analysis.DataFrame).Assembly)
            .AddImports("System", "System.IO", "System.Linq", "System.Collections.Generic");
        var globals = new NotebookGlobals();
        ScriptState<object>? state = null;
        for (int i = 0; i < cells.Count; i++)
        {
            string code = SolutionReference().Replace(cells[i], string.Empty);
            try
            {
                state = state is null
                    ? await CSharpScript.RunAsync(code, options, globals)
                    : await state.ContinueWithAsync(code, options);
            }
            catch (CompilationErrorException e)
            {
                Assert.Fail($"{notebook}, code cell {i + 1} does not compile: {string.Join("; ", e.Diagnostics)}");
            }
        }

        Assert.IsNotEmpty(globals.Displayed, $"{notebook} displays nothing");
    }

    /// <summary>The <c>#r</c> lines this test supplies itself: the solution's assemblies, and the packages they use
    /// (Microsoft.ML and Microsoft.Data.Analysis; the notebooks name Microsoft.Data.Sqlite so that a real kernel loads
    /// SQLite's native library).</summary>
    [GeneratedRegex("^#r \"([^\"]*Mede\\.ML[^\"]*\\.dll|nuget:\\s*Microsoft\\.(Data\\.Sqlite|ML|Data\\.Analysis),[^\"]*)\"\\s*$", RegexOptions.Multiline)]
    private static partial Regex SolutionReference();
}
