namespace Mede.ML.Neural.Autograd;

/// <summary>The operation that produced a tensor; <see cref="Leaf"/> for tensors made by the user.</summary>
internal enum OpKind : byte
{
    Leaf,
    Constant,
    MatMul,
    Linear,
    Add,
    Subtract,
    Multiply,
    Divide,
    Minimum,
    Maximum,
    Affine,
    Relu,
    Tanh,
    Sigmoid,
    Exp,
    Log,
    Softplus,
    Square,
    Sqrt,
    Clamp,
    Sum,
    Mean,
    SumRows,
    MeanRows,
    Concat,
    Slice,
    LogSoftmax,
    Gather,
}
