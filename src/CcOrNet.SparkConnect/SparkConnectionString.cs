using System.Globalization;

namespace CcOrNet.SparkConnect;

/// <summary>
/// A Spark Connect endpoint in Spark's URI format <c>sc://host:port/;param=value;...</c>:
/// <c>token</c> (bearer token, turns TLS on unless <c>use_ssl=false</c> is given), <c>use_ssl</c>,
/// <c>user_id</c>, <c>user_agent</c>, <c>session_id</c> (a UUID to join an existing session);
/// any other parameter is sent as a gRPC header with every call.
/// </summary>
/// <remarks><see cref="ToString"/> never shows the token, so the value is safe to log.</remarks>
public sealed record SparkConnectionString
{
    public const int DefaultPort = 15002;
    private const string Scheme = "sc://";

    public required string Host { get; init; }
    public int Port { get; init; } = DefaultPort;
    public bool UseSsl { get; init; }
    /// <summary>Bearer token sent in the <c>authorization</c> header; null = none.</summary>
    public string? Token { get; init; }
    public string? UserId { get; init; }
    public string? UserAgent { get; init; }
    public Guid? SessionId { get; init; }
    /// <summary>Extra gRPC headers (the parameters Spark's format does not define).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The gRPC address, <c>http(s)://host:port</c>.</summary>
    public Uri Address => new($"{(UseSsl ? "https" : "http")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Parses <paramref name="text"/>; every problem is reported in one <see cref="FormatException"/>.</summary>
    public static SparkConnectionString Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<string>();
        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
            throw Invalid(text, [$"expected it to start with '{Scheme}'"]);
        string rest = text[Scheme.Length..];
        int slash = rest.IndexOf('/');
        string authority = slash < 0 ? rest : rest[..slash];
        string tail = slash < 0 ? "" : rest[(slash + 1)..];
        if (tail.Length > 0 && !tail.StartsWith(';'))
            problems.Add($"the path must be empty, got '/{tail.Split(';')[0]}'");

        var (host, port) = SplitAuthority(authority, problems);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in tail.Split(';', StringSplitOptions.RemoveEmptyEntries).Skip(tail.StartsWith(';') ? 0 : 1))
        {
            int equals = part.IndexOf('=');
            if (equals <= 0) { problems.Add($"parameter '{Redacted(part)}' must look like name=value"); continue; }
            string name = part[..equals], value = Uri.UnescapeDataString(part[(equals + 1)..]);
            if (!parameters.TryAdd(name, value)) problems.Add($"parameter '{name}' is given twice");
        }

        bool? useSsl = null;
        if (parameters.Remove("use_ssl", out string? ssl))
        {
            if (bool.TryParse(ssl, out bool parsed)) useSsl = parsed;
            else problems.Add($"use_ssl must be true or false, got '{ssl}'");
        }
        Guid? sessionId = null;
        if (parameters.Remove("session_id", out string? session))
        {
            if (Guid.TryParseExact(session, "D", out var parsed)) sessionId = parsed;
            else problems.Add($"session_id must be a UUID like 00112233-4455-6677-8899-aabbccddeeff, got '{session}'");
        }
        parameters.Remove("token", out string? token);
        parameters.Remove("user_id", out string? userId);
        parameters.Remove("user_agent", out string? userAgent);
        if (token is { Length: 0 }) problems.Add("token must not be empty");
        foreach (string header in parameters.Keys.Where(k => k != k.ToLowerInvariant() || k.Any(char.IsWhiteSpace)))
            problems.Add($"header parameter '{header}' must be lower-case without blanks (gRPC header names)");
        if (problems.Count > 0) throw Invalid(text, problems);

        return new SparkConnectionString
        {
            Host = host!,
            Port = port,
            // Spark's format: a token implies TLS, unless TLS is explicitly turned off (e.g. a local
            // server's authentication token over loopback, or a TLS-terminating sidecar).
            UseSsl = useSsl ?? token is not null,
            Token = token,
            UserId = userId,
            UserAgent = userAgent,
            SessionId = sessionId,
            Headers = parameters,
        };
    }

    /// <summary>The connection string with the token replaced by <c>***</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Token is not null) parts.Add("token=***");
        parts.Add($"use_ssl={(UseSsl ? "true" : "false")}");
        if (UserId is not null) parts.Add($"user_id={UserId}");
        if (UserAgent is not null) parts.Add($"user_agent={UserAgent}");
        if (SessionId is Guid id) parts.Add($"session_id={id:D}");
        parts.AddRange(Headers.Select(h => $"{h.Key}={h.Value}"));
        return $"{Scheme}{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}/;{string.Join(';', parts)}";
    }

    private static (string? Host, int Port) SplitAuthority(string authority, List<string> problems)
    {
        string host = authority;
        int port = DefaultPort;
        int colon = authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        if (colon > 0)
        {
            host = authority[..colon];
            string portText = authority[(colon + 1)..];
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                problems.Add($"port must be a number from 1 to 65535, got '{portText}'");
        }
        host = host.Trim('[', ']');
        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            problems.Add($"host must be a host name or IP address, got '{host}'");
        return (host, port);
    }

    // Parameters may hold a token: never echo a value back in an error.
    private static string Redacted(string part) => part.Length <= 12 ? part : part[..12] + "...";

    private static FormatException Invalid(string text, IEnumerable<string> problems)
    {
        int semicolon = text.IndexOf(';');
        string shown = semicolon < 0 ? text : text[..semicolon] + ";...";
        return new FormatException($"Spark Connect address '{shown}' is not valid: {string.Join("; ", problems)}");
    }
}
