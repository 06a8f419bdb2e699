using TorchSharp;

namespace Mede.ML.TorchSharp;

/// <summary>
/// The constant scalars the backend's tensor arithmetic uses, made once and held for the process's lifetime.
/// </summary>
/// <remarks>
/// A <see cref="Scalar"/> made by an implicit conversion (<c>2f * t</c>, <c>t.clamp(-20f, 2f)</c>) is referenced by
/// nothing once TorchSharp has read its handle, so the garbage collector may finalize it, freeing the native scalar,
/// while libtorch still reads it in the call it was passed to: a collection caused by another thread (the agents'
/// network sets update on several) lands in that window. Measured: an Adam step failed in libtorch's
/// <c>Scalar::toFloat</c> ("Expected false to be true") in a MultiGoal learning test on two busy cores. So the backend
/// passes no temporary scalar: constants come from here, and values that change (alpha, the step size) are held in a
/// <c>using</c> local until the call has returned.
/// </remarks>
internal static class TorchScalars
{
    public static readonly Scalar MinusHalf = (-0.5f).ToScalar();
    public static readonly Scalar Two = 2f.ToScalar();
    public static readonly Scalar MinusTwo = (-2f).ToScalar();
    public static readonly Scalar LogTwo = MathF.Log(2f).ToScalar();
    public static readonly Scalar HalfLogTwoPi = (0.5f * MathF.Log(2f * MathF.PI)).ToScalar();
    public static readonly Scalar LogStdMin = Neural.Distributions.SquashedGaussian.LogStdMin.ToScalar();
    public static readonly Scalar LogStdMax = Neural.Distributions.SquashedGaussian.LogStdMax.ToScalar();
}
