using CcOrNet.SparkConnect.Protocol.Rpc;
using Grpc.Core;

namespace CcOrNet.SparkConnect;

/// <summary>Turns a failed gRPC call into a <see cref="SparkException"/> with Spark's error details.</summary>
internal static class SparkErrors
{
    private const string DetailsTrailer = "grpc-status-details-bin";

    public static SparkException From(RpcException error, string what)
    {
        ErrorInfo? info = ErrorInfoOf(error);
        string? errorClass = Value(info, "errorClass"), sqlState = Value(info, "sqlState");
        string? exceptionClass = string.IsNullOrEmpty(info?.Reason) ? null : info.Reason;
        var message = new System.Text.StringBuilder($"Spark Connect {what} failed ({error.StatusCode})");
        if (errorClass is not null) message.Append($" [{errorClass}]");
        if (sqlState is not null) message.Append($" SQLSTATE {sqlState}");
        if (exceptionClass is not null) message.Append($" {ShortName(exceptionClass)}");
        message.Append(": ").Append(string.IsNullOrEmpty(error.Status.Detail) ? Hint(error.StatusCode) : error.Status.Detail);
        return new SparkException(message.ToString(), error.StatusCode, errorClass, sqlState, exceptionClass, error);
    }

    private static ErrorInfo? ErrorInfoOf(RpcException error)
    {
        var entry = error.Trailers.Get(DetailsTrailer);
        if (entry is null || !entry.IsBinary) return null;
        try
        {
            var status = Protocol.Rpc.Status.Parser.ParseFrom(entry.ValueBytes);
            return status.Details.Where(d => d.Is(ErrorInfo.Descriptor)).Select(d => d.Unpack<ErrorInfo>()).FirstOrDefault();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null; // A malformed trailer must not hide the error itself.
        }
    }

    private static string? Value(ErrorInfo? info, string key) =>
        info is not null && info.Metadata.TryGetValue(key, out string? value) && value.Length > 0 ? value : null;

    private static string ShortName(string className) => className[(className.LastIndexOf('.') + 1)..];

    private static string Hint(StatusCode code) => code switch
    {
        StatusCode.Unavailable => "the server cannot be reached (is the Spark Connect server running, and the host/port right?)",
        StatusCode.Unauthenticated => "the server rejected the credentials (check the token)",
        StatusCode.PermissionDenied => "the user may not do this",
        StatusCode.DeadlineExceeded => "the call took longer than its deadline",
        _ => "no detail from the server",
    };
}
