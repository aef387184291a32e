namespace CcOrNet.Pipeline.Evaluation;

/// <summary>The labels snapshot an evaluation used.</summary>
/// <param name="Directory">The labelled features folder.</param>
/// <param name="AsOf">Cutoff T: predictions made at T are judged on the value in [T, T + horizon).</param>
/// <param name="HorizonDays">H, days of value counted in the label.</param>
/// <param name="Users">Labelled users in the snapshot.</param>
/// <param name="PositiveUsers">Of them, users with a positive label.</param>
public sealed record LabelsSummary(string Directory, DateOnly AsOf, int HorizonDays, int Users, int PositiveUsers);
