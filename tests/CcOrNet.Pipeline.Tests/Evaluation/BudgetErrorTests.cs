using CcOrNet.Pipeline.Evaluation;

namespace CcOrNet.Pipeline.Tests.Evaluation;

public sealed class BudgetErrorTests
{
    [Fact]
    public void Of_SmallTable_EachTotalOverTheActualTotalMinusOne()
    {
        // Actual total 40; ltv_expected total 50 (+25 %); ltv_pred total 20 (-50 %: two users predicted in the zero bucket).
        var budget = BudgetError.Of([0, 10, 30], [1, 9, 40], [0, 0, 20]);

        Assert.Equal(40, budget.ActualTotal);
        Assert.Equal(0.25, budget.LtvExpectedError, 12);
        Assert.Equal(-0.5, budget.LtvPredError, 12);
    }

    [Fact]
    public void Of_NobodySpent_ErrorsUndefined()
    {
        var budget = BudgetError.Of([0, 0], [1, 2], [0, 0]);

        Assert.True(double.IsNaN(budget.LtvExpectedError));
        Assert.True(double.IsNaN(budget.LtvPredError));
    }

    [Fact]
    public void Of_ColumnsOfDifferentLengths_ThrowsNamingTheCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => BudgetError.Of([1, 2], [1], [1, 2]));

        Assert.Contains("2 labels, 1 ltv_expected, 2 ltv_pred", error.Message);
    }
}
