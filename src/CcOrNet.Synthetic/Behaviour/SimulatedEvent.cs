namespace CcOrNet.Synthetic.Behaviour;

/// <summary>One event of a user before it is written: <see cref="Day"/> is days since the history start.</summary>
internal readonly record struct SimulatedEvent(double Day, string EventType, double Amount, string Category, string Channel);
