using CcOrNet.Core.Tasks;

namespace CcOrNet.Synthetic;

/// <summary>
/// The shape of the LTV label of a task over the users known before its cutoff — what a model has
/// to cope with: how many users are zero, how concentrated value is, how visible whales were.
/// </summary>
/// <param name="Task">The task measured.</param>
/// <param name="Users">Users known before the cutoff (signed up before it or with an event before it).</param>
/// <param name="ZeroShare">Share of users whose label is 0.</param>
/// <param name="MeanLabel">Mean label over all known users.</param>
/// <param name="TotalLabel">Sum of labels.</param>
/// <param name="Top1PercentShare">Share of total label held by the top 1% of users (ceil(1% of users)).</param>
/// <param name="Top10PercentShare">Share held by the top 10%.</param>
/// <param name="Gini">Gini coefficient of the label over all known users.</param>
/// <param name="Whales">Users in the top 1% by label (ties broken by user id).</param>
/// <param name="QuietWhales">Whales with no purchase in the 90 days before the cutoff.</param>
/// <param name="QuietWhaleShare">QuietWhales / Whales.</param>
/// <param name="PastSpendSpearman">Spearman rank correlation (average ranks for ties) of net spend in the observation window with the label.</param>
/// <param name="EventRows">Event rows read.</param>
public sealed record LabelShapeReport(
    PredictionTask Task,
    long Users,
    double ZeroShare,
    double MeanLabel,
    double TotalLabel,
    double Top1PercentShare,
    double Top10PercentShare,
    double Gini,
    long Whales,
    long QuietWhales,
    double QuietWhaleShare,
    double PastSpendSpearman,
    long EventRows)
{
    /// <summary>Days before the cutoff without a purchase that make a whale "quiet".</summary>
    public const int QuietDays = 90;

    public override string ToString() =>
        $"{Task}: {Users:N0} users, zero {ZeroShare:P1}, mean {MeanLabel:F2}, top1% {Top1PercentShare:P1}, " +
        $"top10% {Top10PercentShare:P1}, Gini {Gini:F3}, quiet whales {QuietWhales}/{Whales} ({QuietWhaleShare:P1}), " +
        $"Spearman(past spend, label) {PastSpendSpearman:F3}, {EventRows:N0} event rows";
}
