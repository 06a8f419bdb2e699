namespace Mede.ML.Neural.Layers;

/// <summary>
/// A network component with named parameters and sub-modules, as <c>torch.nn.Module</c>: parameters are
/// registered explicitly and reported with dotted names (<c>0.weight</c>, <c>2.bias</c>).
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Parameter)> _parameters = [];
    private readonly List<(string Name, Module Module)> _modules = [];
    private List<(string Name, Tensor Parameter)>? _named;

    /// <summary>Computes the module's output for a batch of inputs (rows).</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Every parameter, depth first in registration order, with its dotted name.</summary>
    public IReadOnlyList<(string Name, Tensor Parameter)> NamedParameters()
    {
        if (_named is null)
        {
            var list = new List<(string, Tensor)>();
            Collect(string.Empty, list);
            _named = list;
        }

        return _named;
    }

    /// <summary>Every parameter, depth first in registration order.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>The number of scalar parameters.</summary>
    public long ParameterCount => NamedParameters().Sum(p => (long)p.Parameter.Count);

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in NamedParameters())
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Copies every parameter value from a module of the same architecture (a hard target update).</summary>
    public void CopyFrom(Module source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var mine = NamedParameters();
        var theirs = source.NamedParameters();
        if (mine.Count != theirs.Count)
        {
            throw new ArgumentException($"CopyFrom: the source has {theirs.Count} parameters, this module {mine.Count}.");
        }

        for (int i = 0; i < mine.Count; i++)
        {
            if (mine[i].Parameter.Rows != theirs[i].Parameter.Rows || mine[i].Parameter.Columns != theirs[i].Parameter.Columns)
            {
                throw new ArgumentException(
                    $"CopyFrom: parameter '{mine[i].Name}' is {mine[i].Parameter.Shape}, the source's '{theirs[i].Name}' is {theirs[i].Parameter.Shape}.");
            }

            theirs[i].Parameter.Data.CopyTo(mine[i].Parameter.Data);
        }
    }

    /// <summary>Registers a parameter (a leaf that requires a gradient) under a name.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.RequiresGrad = true;
        _parameters.Add((name, parameter));
        _named = null;
        return parameter;
    }

    /// <summary>Registers a sub-module under a name.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(module);
        _modules.Add((name, module));
        _named = null;
        return module;
    }

    private void Collect(string prefix, List<(string, Tensor)> into)
    {
        foreach (var (name, p) in _parameters)
        {
            into.Add((prefix + name, p));
        }

        foreach (var (name, m) in _modules)
        {
            m.Collect(prefix + name + ".", into);
        }
    }
}
