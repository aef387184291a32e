using System.Security.Cryptography;
using System.Text;
using CcOrNet.Core.Features;

namespace CcOrNet.Pipeline.Features;

/// <summary>
/// SHA-256 over what determines a features table: the options that shape it, the mapping, and each
/// input file's path, size and modification time (cheap to compute, changes when a file is rewritten).
/// </summary>
internal static class InputFingerprint
{
    public static string Of(FeaturesOptions options, ColumnMapping mapping)
    {
        var text = new StringBuilder()
            .AppendLine($"as_of={options.AsOf:yyyy-MM-dd};observation={options.ObservationDays};horizon={options.HorizonDays}")
            .AppendLine($"sequence={options.SequenceDays};shards={options.Shards};values={options.MaxValuesPerAttribute}")
            .AppendLine(mapping.ToJson());
        foreach (string? path in new[] { options.EventsPath, options.UsersPath })
        {
            if (path is null) continue;
            var files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : File.Exists(path) ? [path] : Enumerable.Empty<string>();
            foreach (string file in files)
            {
                var info = new FileInfo(file);
                text.AppendLine($"{Path.GetFullPath(file)}|{info.Length}|{info.LastWriteTimeUtc:O}");
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
