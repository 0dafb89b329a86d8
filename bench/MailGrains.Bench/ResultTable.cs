using System.Globalization;
using System.Text;

namespace MailGrains.Bench;

/// <summary>One section's results as a Markdown table (measurement, value, ceiling, ratio, target, met?) with notes below.</summary>
public sealed class ResultTable(string title)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public string Title => title;

    /// <summary>A row; <paramref name="met"/> null means the row has no target.</summary>
    public void Add(string measurement, string value, string ceiling = "", string ratio = "", string target = "", bool? met = null)
        => _rows.Add([measurement, value, ceiling, ratio, target, met switch { true => "yes", false => "**no**", null => "" }]);

    public void Note(string note) => _notes.Add(note);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("### ").AppendLine(title).AppendLine();
        text.AppendLine("| measurement | value | ceiling | ratio | target | met? |");
        text.AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in _notes)
            {
                text.Append("- ").AppendLine(note);
            }
        }

        return text.ToString();
    }

    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The q-quantile (0..1) of the values, nearest rank; NaN when there are none.</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
