using System.Threading.Channels;

namespace CcOrNet.Model.Tests.Support;

/// <summary>
/// Stands in for a batch stream's producer: a thread that allocates each item (as decoding does) while the consumer
/// works on the item before, which is what triggers collections during the consumer's Torch calls.
/// </summary>
internal static class DecodingProducer
{
    /// <summary>Items 0..<paramref name="count"/>-1, each after allocating <paramref name="bytesEach"/> bytes in 1 KB arrays (the recent ones kept alive).</summary>
    public static IAsyncEnumerable<int> Items(int count, int bytesEach)
    {
        var channel = Channel.CreateBounded<int>(2);
        _ = Task.Run(async () =>
        {
            try
            {
                var recent = new List<byte[]>();
                for (int item = 0; item < count; item++)
                {
                    for (int i = 0; i < bytesEach / 1024; i++) recent.Add(new byte[1024 - 24]);
                    if (recent.Count > 4096) recent.RemoveRange(0, 2048);
                    await channel.Writer.WriteAsync(item);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        });
        return channel.Reader.ReadAllAsync();
    }
}
