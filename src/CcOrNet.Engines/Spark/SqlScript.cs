using System.Text;

namespace CcOrNet.Engines.Spark;

/// <summary>
/// Splits a script into statements at semicolons outside quotes, backticks and comments: Spark
/// Connect runs one statement per command, where DuckDB takes a whole script.
/// </summary>
internal static class SqlScript
{
    public static IReadOnlyList<string> Split(string script)
    {
        var statements = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        for (int i = 0; i < script.Length; i++)
        {
            char c = script[i];
            if (quote is not null)
            {
                current.Append(c);
                if (c == '\\' && quote != '`' && i + 1 < script.Length) current.Append(script[++i]);
                else if (c == quote) quote = null;
                continue;
            }
            if (c == '-' && i + 1 < script.Length && script[i + 1] == '-')
            {
                int end = script.IndexOf('\n', i);
                i = end < 0 ? script.Length : end;
                current.Append('\n');
                continue;
            }
            if (c == '/' && i + 1 < script.Length && script[i + 1] == '*' && !(i + 2 < script.Length && script[i + 2] == '+'))
            {
                int end = script.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? script.Length : end + 1;
                current.Append(' ');
                continue;
            }
            if (c == ';')
            {
                Add(statements, current);
                continue;
            }
            if (c is '\'' or '"' or '`') quote = c;
            current.Append(c);
        }
        if (quote is not null) throw new ArgumentException($"SQL script ends inside a {quote}-quoted text: {Shorten(script)}");
        Add(statements, current);
        return statements;
    }

    private static void Add(List<string> statements, StringBuilder current)
    {
        string statement = current.ToString().Trim();
        if (statement.Length > 0) statements.Add(statement);
        current.Clear();
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
