namespace CcOrNet.Model.Training;

/// <summary>How the learning rate changes over a run of planned epochs.</summary>
public enum LearningRateDecay
{
    /// <summary>The same rate for every step.</summary>
    None,

    /// <summary>
    /// Half a cosine from the full rate at the first step to 0 after the last planned epoch, step by step. Why: with a
    /// constant rate the last few batches set where the model ends (the cascade's bias, hence who is routed to the top
    /// bucket), so seeds that only differ in batch order end in measurably different places; annealing to 0 averages
    /// them out.
    /// </summary>
    Cosine,
}

/// <summary>The multiplier of the base learning rate at a step.</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// The factor for step <paramref name="stepInEpoch"/> (0-based) of epoch <paramref name="epoch"/> (0-based) out of
    /// <paramref name="epochs"/> of about <paramref name="stepsPerEpoch"/> steps each: 1 without decay; for
    /// <see cref="LearningRateDecay.Cosine"/> 0.5 (1 + cos(pi t)) with t = (epoch + min(1, step / steps)) / epochs, so it
    /// depends only on the position in the run (a resumed epoch repeats the uninterrupted one) and an epoch that runs
    /// longer than planned stays at its end-of-epoch rate.
    /// </summary>
    public static double Factor(LearningRateDecay decay, int epoch, long stepInEpoch, long stepsPerEpoch, int epochs)
    {
        if (decay == LearningRateDecay.None) return 1;
        double withinEpoch = stepsPerEpoch > 0 ? Math.Min(1.0, (double)stepInEpoch / stepsPerEpoch) : 0;
        double t = Math.Clamp((epoch + withinEpoch) / epochs, 0, 1);
        return 0.5 * (1 + Math.Cos(Math.PI * t));
    }
}
