namespace CcOrNet.Pipeline.Evaluation;

/// <summary>The share of total actual value held by the users a campaign would target: the top fraction by ranking score.</summary>
/// <param name="Fraction">k: the fraction of users targeted.</param>
/// <param name="Users">ceil(k * n): how many users that is.</param>
/// <param name="Model">Share of value they hold when chosen by the model (ties: expected over random orders).</param>
/// <param name="Perfect">Share held by the k most valuable users: the best possible.</param>
public sealed record CapturedValue(double Fraction, int Users, double Model, double Perfect);
