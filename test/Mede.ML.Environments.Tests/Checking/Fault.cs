namespace Mede.ML.Environments.Tests.Checking;

/// <summary>The ways <see cref="FaultyEnvironment"/> can break the environment contract.</summary>
public enum Fault
{
    None,
    Nondeterministic,
    IgnoresSeed,
    NaNObservation,
    ObservationOutsideBox,
    InfiniteReward,
    RewardNotSumOfTerms,
    TermsLengthMismatch,
    TerminatedAndTruncated,
    EarlyTruncation,
    NoTruncation,
    StepAfterDoneAllowed,
    SaveForgetsPosition,
    LoadReadsLess,
    AcceptsWrongLength,
    AcceptsNaN,
    AcceptsOutsideBox,
    WrongExceptionType,
    ZeroActionDimension,
    UnboundedActionSpace,
}
