using System.Globalization;
using System.Xml;

namespace Mede.ML.Analysis.Plots;

/// <summary>The few SVG elements the charts write (<see cref="SvgChart"/>, <see cref="ContourPlot"/>), with numbers in
/// the invariant culture and two decimals.</summary>
internal static class SvgElements
{
    public const string Namespace = "http://www.w3.org/2000/svg";

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A value for a tick or scale label: round numbers stay short, large ones get separators or an exponent.</summary>
    public static string Format(double value) =>
        Math.Abs(value) >= 1e7 ? value.ToString("0.#e0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1_000 ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);

    public static void Attr(XmlWriter xml, string name, double value) => xml.WriteAttributeString(name, N(value));

    public static void StartGroup(XmlWriter xml, string cssClass)
    {
        xml.WriteStartElement("g");
        xml.WriteAttributeString("class", cssClass);
    }

    public static void Rect(XmlWriter xml, double x, double y, double width, double height, string fill, string cssClass, string? stroke = null, double strokeWidth = 1)
    {
        xml.WriteStartElement("rect");
        xml.WriteAttributeString("class", cssClass);
        Attr(xml, "x", x);
        Attr(xml, "y", y);
        Attr(xml, "width", width);
        Attr(xml, "height", height);
        xml.WriteAttributeString("fill", fill);
        if (stroke is not null)
        {
            xml.WriteAttributeString("stroke", stroke);
            Attr(xml, "stroke-width", strokeWidth);
        }

        xml.WriteEndElement();
    }

    public static void Line(XmlWriter xml, double x1, double y1, double x2, double y2, string colour, string cssClass, double width = 1, string? dash = null)
    {
        xml.WriteStartElement("line");
        xml.WriteAttributeString("class", cssClass);
        Attr(xml, "x1", x1);
        Attr(xml, "y1", y1);
        Attr(xml, "x2", x2);
        Attr(xml, "y2", y2);
        xml.WriteAttributeString("stroke", colour);
        Attr(xml, "stroke-width", width);
        if (dash is not null)
        {
            xml.WriteAttributeString("stroke-dasharray", dash);
        }

        xml.WriteEndElement();
    }

    public static void Label(XmlWriter xml, double x, double y, string text, string cssClass, string anchor = "start", double size = 12, double rotate = 0)
    {
        xml.WriteStartElement("text");
        xml.WriteAttributeString("class", cssClass);
        if (rotate == 0)
        {
            Attr(xml, "x", x);
            Attr(xml, "y", y);
        }
        else
        {
            xml.WriteAttributeString("transform", $"translate({N(x)} {N(y)}) rotate({N(rotate)})");
        }

        xml.WriteAttributeString("text-anchor", anchor);
        if (size != 12)
        {
            Attr(xml, "font-size", size);
        }

        xml.WriteString(text);
        xml.WriteEndElement();
    }
}
