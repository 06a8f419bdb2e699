using System.Text;
using System.Xml;
using static Mede.ML.Analysis.Plots.SvgElements;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// A self-contained SVG figure of contour panels side by side (<see cref="ContourPanel"/>: filled contours, iso-lines,
/// axes and a colour scale each) under one title. Like <see cref="SvgChart"/>, it opens in a browser, a notebook and
/// on GitHub without scripts or fonts to fetch.
/// </summary>
public sealed class ContourPlot
{
    private const double TitleHeight = 40;
    private readonly List<ContourPanel> _panels = [];

    /// <summary>Creates an empty figure.</summary>
    public ContourPlot(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    /// <summary>The title above the panels.</summary>
    public string Title { get; }

    /// <summary>The panels, left to right.</summary>
    public IReadOnlyList<ContourPanel> Panels => _panels;

    /// <summary>Adds a panel to the right of the others.</summary>
    public ContourPlot Add(ContourPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        _panels.Add(panel);
        return this;
    }

    /// <summary>Renders the SVG document.</summary>
    public string ToSvg()
    {
        double width = Math.Max(1, _panels.Count) * ContourPanel.Width, height = TitleHeight + ContourPanel.Height;
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("svg", Namespace);
            Attr(xml, "width", width);
            Attr(xml, "height", height);
            xml.WriteAttributeString("viewBox", $"0 0 {N(width)} {N(height)}");
            xml.WriteAttributeString("font-family", "sans-serif");
            xml.WriteAttributeString("font-size", "12");
            Rect(xml, 0, 0, width, height, "#ffffff", "background");
            Label(xml, width / 2, 24, Title, "title", anchor: "middle", size: 15);
            for (int i = 0; i < _panels.Count; i++)
            {
                _panels[i].Render(xml, i * ContourPanel.Width, TitleHeight);
            }

            xml.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>Writes the SVG to a file atomically (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());
}
