using CcOrNet.Model.Data;

namespace CcOrNet.Model.Modules;

/// <summary>A module that applies its weights more than once per user (per day, per patch): what FLOP counts need to know.</summary>
internal interface IRepeatedWeights
{
    /// <summary>How many times per user the weight <paramref name="parameterName"/> (relative to this module) is applied.</summary>
    double ApplicationsPerUser(string parameterName, FeatureLayout layout);
}
