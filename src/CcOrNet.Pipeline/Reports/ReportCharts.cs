using CcOrNet.Pipeline.Evaluation;
using ScottPlot;

namespace CcOrNet.Pipeline.Reports;

/// <summary>
/// The report's charts, drawn with ScottPlot from metrics.json's content (so a notebook can redraw them from the
/// file). Models share one chart where their curves are comparable, else one chart each.
/// </summary>
public static class ReportCharts
{
    public const int Width = 720;
    public const int Height = 420;

    /// <summary>Lorenz curves of every model, the perfect order and random targeting.</summary>
    public static ChartImage Lorenz(EvaluationMetrics metrics)
    {
        var plot = NewPlot("Share of next-period value held by the top users", "top users by predicted value (%)", "share of actual value (%)");
        var first = metrics.Models[0].Lorenz;
        double[] x = Percent(first.UserShare);
        var random = plot.Add.Scatter(new[] { 0.0, 100 }, new[] { 0.0, 100 });
        Style(random, "random targeting", Colors.Gray, LinePattern.Dotted);
        var perfect = plot.Add.Scatter(x, Percent(first.Perfect));
        Style(perfect, "perfect order", Colors.Black, LinePattern.Dashed);
        for (int m = 0; m < metrics.Models.Count; m++)
            Style(plot.Add.Scatter(x, Percent(metrics.Models[m].Lorenz.Model)), metrics.Models[m].Name, ModelColor(m), LinePattern.Solid);
        plot.Axes.SetLimits(0, 100, 0, 100);
        plot.ShowLegend(Alignment.LowerRight);
        return Render(plot, "Lorenz curve");
    }

    /// <summary>Share of value captured by the top k% per model, next to the perfect order.</summary>
    public static ChartImage ValueCaptured(EvaluationMetrics metrics)
    {
        var plot = NewPlot("Value captured by targeting the top k% of users", "users targeted (top k% by predicted value)", "share of actual value (%)");
        var fractions = metrics.Models[0].ValueCaptured;
        int series = metrics.Models.Count + 1;
        double width = 0.8 / series;
        for (int s = 0; s < series; s++)
        {
            bool perfect = s == metrics.Models.Count;
            var values = perfect ? fractions.Select(c => c.Perfect) : metrics.Models[s].ValueCaptured.Select(c => c.Model);
            var bars = values.Select((v, g) => new Bar
            {
                Position = g - 0.4 + width * (s + 0.5),
                Value = 100 * Finite(v),
                Size = width * 0.9,
                FillColor = perfect ? Colors.LightGray : ModelColor(s),
                LineWidth = 0,
            }).ToList();
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = perfect ? "perfect order" : metrics.Models[s].Name;
        }
        plot.Axes.Bottom.SetTicks(fractions.Select((_, g) => (double)g).ToArray(), fractions.Select(c => $"top {c.Fraction:P0}").ToArray());
        plot.Axes.SetLimits(-0.6, fractions.Count - 0.4, 0, 105);
        plot.ShowLegend(Alignment.UpperLeft);
        return Render(plot, "Value captured by the top k%");
    }

    /// <summary>Mean predicted vs mean actual value per predicted decile (1 = highest predictions) of one model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="index">Its position in the evaluation: picks the same colour as in the shared charts.</param>
    public static ChartImage Deciles(ModelEvaluation model, int index = 0)
    {
        var plot = NewPlot($"{model.Name}: predicted vs actual by predicted decile", "decile of predicted value (1 = highest)", "mean value per user");
        var rows = model.Metrics.Regression.Deciles;
        PairedBars(plot, rows.Select(r => r.MeanPredicted).ToArray(), rows.Select(r => r.MeanActual).ToArray(), "mean predicted", "mean actual", ModelColor(index));
        plot.Axes.Bottom.SetTicks(rows.Select((_, i) => (double)i).ToArray(), rows.Select(r => r.Decile.ToString()).ToArray());
        plot.ShowLegend(Alignment.UpperRight);
        return Render(plot, $"Deciles of {model.Name}");
    }

    /// <summary>Mean predicted (<c>ltv_pred</c>) vs mean actual value per predicted bucket of one model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="index">Its position in the evaluation: picks the same colour as in the shared charts.</param>
    public static ChartImage Calibration(ModelEvaluation model, int index = 0)
    {
        var plot = NewPlot($"{model.Name}: calibration by predicted bucket", "predicted bucket (0 = no spend)", "mean value per user");
        var rows = model.Calibration;
        PairedBars(plot, rows.Select(r => r.MeanPredicted).ToArray(), rows.Select(r => r.MeanActual).ToArray(), "mean predicted", "mean actual", ModelColor(index));
        plot.Axes.Bottom.SetTicks(rows.Select((_, i) => (double)i).ToArray(), rows.Select(r => $"{r.Bucket} ({r.PredictedCount:N0} users)").ToArray());
        plot.ShowLegend(Alignment.UpperLeft);
        return Render(plot, $"Calibration of {model.Name}");
    }

    private static void PairedBars(Plot plot, double[] predicted, double[] actual, string predictedLabel, string actualLabel, Color predictedColor)
    {
        var left = plot.Add.Bars(predicted.Select((v, i) => new Bar { Position = i - 0.2, Value = Finite(v), Size = 0.38, FillColor = predictedColor, LineWidth = 0 }).ToList());
        left.LegendText = predictedLabel;
        var right = plot.Add.Bars(actual.Select((v, i) => new Bar { Position = i + 0.2, Value = Finite(v), Size = 0.38, FillColor = Colors.DarkGray, LineWidth = 0 }).ToList());
        right.LegendText = actualLabel;
        plot.Axes.Margins(bottom: 0);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static void Style(ScottPlot.Plottables.Scatter line, string label, Color color, LinePattern pattern)
    {
        line.LegendText = label;
        line.Color = color;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.MarkerSize = 0;
    }

    private static ChartImage Render(Plot plot, string title) =>
        new(title, plot.GetImageBytes(Width, Height, ImageFormat.Png), Width, Height);

    private static Color ModelColor(int model) => new ScottPlot.Palettes.Category10().GetColor(model);

    private static double[] Percent(IReadOnlyList<double> shares) => shares.Select(s => 100 * Finite(s)).ToArray();

    // An undefined value (e.g. no user in a decile) is drawn as an empty bar.
    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
