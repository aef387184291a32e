namespace CcOrNet.Synthetic.Population;

/// <summary>How users arrive: paid channels bring users who buy less and leave sooner.</summary>
internal sealed record AcquisitionChannel(string Name, double Weight, double PropensityMultiplier, double LifetimeMultiplier);
