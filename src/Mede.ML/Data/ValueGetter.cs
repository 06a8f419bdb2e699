namespace Mede.ML.Data;

/// <summary>Reads the current row's value of one column into <paramref name="value"/>, as in ML.NET.</summary>
/// <typeparam name="TValue">The column's raw type (<see cref="DataViewType.RawType"/>).</typeparam>
/// <param name="value">Receives the value; a <see cref="VBuffer{T}"/> passed in may have its array reused.</param>
public delegate void ValueGetter<TValue>(ref TValue value);
