namespace Mede.ML.Training;

/// <summary>A setting in use that departs from the paper (<see cref="TrainingConfiguration.DeparturesFromPaper"/>).</summary>
/// <param name="InUse">How it is named while on, e.g. <c>OutcomeWeight 300 (bandwidth 2, information)</c>.</param>
/// <param name="PaperArguments">The <c>mede train</c> arguments that turn it off, e.g. <c>--set OutcomeWeight=0</c>.</param>
public sealed record PaperDeparture(string InUse, string PaperArguments);
