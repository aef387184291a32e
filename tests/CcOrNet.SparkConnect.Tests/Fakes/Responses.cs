using Apache.Arrow;
using Apache.Arrow.Ipc;
using CcOrNet.SparkConnect.Protocol;
using Google.Protobuf;

namespace CcOrNet.SparkConnect.Tests.Fakes;

/// <summary>ExecutePlan responses as a Spark server shapes them.</summary>
internal static class Responses
{
    public static ExecutePlanResponse CommandDone(ExecutePlanRequest request) => new()
    {
        SessionId = request.SessionId,
        OperationId = request.OperationId,
        ResponseId = Guid.NewGuid().ToString("D"),
        SqlCommandResult = new ExecutePlanResponse.Types.SqlCommandResult { Relation = new Relation { Sql = new SQL { Query = request.Plan.Command?.SqlCommand?.Sql ?? "" } } },
    };

    /// <summary>One ArrowBatch response holding <paramref name="batch"/> as an Arrow IPC stream.</summary>
    public static ExecutePlanResponse Arrow(ExecutePlanRequest request, RecordBatch batch)
    {
        using var buffer = new MemoryStream();
        using (var writer = new ArrowStreamWriter(buffer, batch.Schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        return new ExecutePlanResponse
        {
            SessionId = request.SessionId,
            OperationId = request.OperationId,
            ResponseId = Guid.NewGuid().ToString("D"),
            ArrowBatch = new ExecutePlanResponse.Types.ArrowBatch { RowCount = batch.Length, Data = ByteString.CopyFrom(buffer.ToArray()) },
        };
    }
}
