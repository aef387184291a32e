namespace CcOrNet.Pipeline.Evaluation;

/// <summary>
/// The users labelled and scored by every model, in label order, with each model's row for them; and per model what
/// fell out of the join. Every model is judged on the same users, so side-by-side numbers compare like with like.
/// </summary>
internal sealed class UserJoin
{
    private readonly int[] _labelRows;
    private readonly int[][] _modelRows;

    private UserJoin(int[] labelRows, int[][] modelRows, int[] predictionsWithoutLabel, int[] labelsWithoutPrediction)
    {
        _labelRows = labelRows;
        _modelRows = modelRows;
        PredictionsWithoutLabel = predictionsWithoutLabel;
        LabelsWithoutPrediction = labelsWithoutPrediction;
    }

    public int Count => _labelRows.Length;
    public IReadOnlyList<int> PredictionsWithoutLabel { get; }
    public IReadOnlyList<int> LabelsWithoutPrediction { get; }

    /// <summary>Joins by user_id (both sides are known to have unique ids). Fails when no user is in all of them.</summary>
    public static UserJoin Of(LabelTable labels, IReadOnlyList<PredictionTable> models, IReadOnlyList<PredictionSource> sources)
    {
        var labelRow = new Dictionary<long, int>(labels.Count);
        for (int i = 0; i < labels.Count; i++) labelRow.Add(labels.UserIds[i], i);

        // rowOf[m][label row] = the model's row for that user, or -1.
        var rowOf = new int[models.Count][];
        var unlabelled = new int[models.Count];
        var unscored = new int[models.Count];
        var scoredByAll = new int[labels.Count];
        for (int m = 0; m < models.Count; m++)
        {
            var rows = rowOf[m] = new int[labels.Count];
            Array.Fill(rows, -1);
            var ids = models[m].UserIds;
            for (int r = 0; r < ids.Length; r++)
            {
                if (labelRow.TryGetValue(ids[r], out int l))
                {
                    rows[l] = r;
                    scoredByAll[l]++;
                }
                else unlabelled[m]++;
            }
            unscored[m] = labels.Count - (ids.Length - unlabelled[m]);
            if (ids.Length == unlabelled[m])
                throw new InvalidDataException(
                    $"Predictions '{sources[m].Name}' ({ids.Length:N0} users, e.g. {string.Join(", ", ids.Take(3))}) share no user_id with the {labels.Count:N0} labelled users in '{labels.Directory}' (e.g. {string.Join(", ", labels.UserIds.Take(3))}); expected the same users");
        }

        var common = Enumerable.Range(0, labels.Count).Where(l => scoredByAll[l] == models.Count).ToArray();
        if (common.Length == 0)
            throw new InvalidDataException(
                $"No labelled user in '{labels.Directory}' is scored by all {models.Count} models ({string.Join(", ", sources.Select(s => s.Name))}); nothing to compare them on");
        var modelRows = rowOf.Select(rows => common.Select(l => rows[l]).ToArray()).ToArray();
        return new UserJoin(common, modelRows, unlabelled, unscored);
    }

    /// <summary>The joined users' labels.</summary>
    public double[] Labels(LabelTable labels) => _labelRows.Select(l => labels.Labels[l]).ToArray();

    /// <summary>Model <paramref name="model"/>'s row of each joined user.</summary>
    public int[] Rows(int model) => _modelRows[model];
}
