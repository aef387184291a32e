namespace CcOrNet.Pipeline.Evaluation;

/// <summary>
/// What a budget built by summing a prediction column over the evaluated users would miss: total predicted / total
/// actual - 1 (the mean bias relative to the mean; + = overestimated), for <c>ltv_expected</c> and <c>ltv_pred</c>.
/// </summary>
/// <remarks>
/// <c>ltv_expected</c> (sum over buckets of p_b * value_b) is the column to sum for budgets. <c>ltv_pred</c> is the value
/// of the single most likely bucket, so every user predicted in the zero bucket adds 0 although some of them will
/// pay: its total runs far below the actual one (about -60 % on the generated demo data).
/// </remarks>
/// <param name="ActualTotal">Sum of the labels.</param>
/// <param name="LtvExpectedTotal">Sum of <c>ltv_expected</c>.</param>
/// <param name="LtvPredTotal">Sum of <c>ltv_pred</c>.</param>
public sealed record BudgetError(double ActualTotal, double LtvExpectedTotal, double LtvPredTotal)
{
    /// <summary>LtvExpectedTotal / ActualTotal - 1; NaN when nobody spent anything.</summary>
    public double LtvExpectedError => Relative(LtvExpectedTotal);

    /// <summary>LtvPredTotal / ActualTotal - 1; NaN when nobody spent anything.</summary>
    public double LtvPredError => Relative(LtvPredTotal);

    /// <summary>Totals of aligned columns (one entry per user).</summary>
    public static BudgetError Of(IReadOnlyList<double> actual, IReadOnlyList<double> ltvExpected, IReadOnlyList<double> ltvPred)
    {
        if (ltvExpected.Count != actual.Count || ltvPred.Count != actual.Count)
            throw new ArgumentException($"Columns must be aligned: {actual.Count} labels, {ltvExpected.Count} ltv_expected, {ltvPred.Count} ltv_pred");
        return new BudgetError(actual.Sum(), ltvExpected.Sum(), ltvPred.Sum());
    }

    private double Relative(double total) => ActualTotal > 0 ? total / ActualTotal - 1 : double.NaN;
}
