namespace Mede.ML.Persistence;

/// <summary>
/// The output of the saved chain's scoring mapping: LogProbability, Q, and the slots of PredictedAction and
/// AgentScores as scalar columns (<c>MedeAction00</c> ..., <c>MedeScore00</c> ...), which the chain's
/// <c>Concatenate</c>s join into vectors of known size. ML.NET rebuilds a <c>CustomMapping</c>'s output columns from this
/// type when it loads a model, and a <c>float[]</c> member would come back as a vector of unknown size, which
/// normalisers and trainers after the model refuse; <see cref="MaximumSlots"/> scalar slots avoid that.
/// </summary>
internal sealed class SavedScoreSlots
{
    /// <summary>The most action values and agents a saved model can have.</summary>
    public const int MaximumSlots = 64;

    /// <summary>The name of action slot <paramref name="i"/>.</summary>
    public static string ActionSlot(int i) => $"MedeAction{i:00}";

    /// <summary>The name of agent score slot <paramref name="i"/>.</summary>
    public static string ScoreSlot(int i) => $"MedeScore{i:00}";

#pragma warning disable SA1401, CA1051 // ML.NET maps public fields to columns
    public float LogProbability;

    public float Q;

        public float MedeAction00;
        public float MedeAction01;
        public float MedeAction02;
        public float MedeAction03;
        public float MedeAction04;
        public float MedeAction05;
        public float MedeAction06;
        public float MedeAction07;
        public float MedeAction08;
        public float MedeAction09;
        public float MedeAction10;
        public float MedeAction11;
        public float MedeAction12;
        public float MedeAction13;
        public float MedeAction14;
        public float MedeAction15;
        public float MedeAction16;
        public float MedeAction17;
        public float MedeAction18;
        public float MedeAction19;
        public float MedeAction20;
        public float MedeAction21;
        public float MedeAction22;
        public float MedeAction23;
        public float MedeAction24;
        public float MedeAction25;
        public float MedeAction26;
        public float MedeAction27;
        public float MedeAction28;
        public float MedeAction29;
        public float MedeAction30;
        public float MedeAction31;
        public float MedeAction32;
        public float MedeAction33;
        public float MedeAction34;
        public float MedeAction35;
        public float MedeAction36;
        public float MedeAction37;
        public float MedeAction38;
        public float MedeAction39;
        public float MedeAction40;
        public float MedeAction41;
        public float MedeAction42;
        public float MedeAction43;
        public float MedeAction44;
        public float MedeAction45;
        public float MedeAction46;
        public float MedeAction47;
        public float MedeAction48;
        public float MedeAction49;
        public float MedeAction50;
        public float MedeAction51;
        public float MedeAction52;
        public float MedeAction53;
        public float MedeAction54;
        public float MedeAction55;
        public float MedeAction56;
        public float MedeAction57;
        public float MedeAction58;
        public float MedeAction59;
        public float MedeAction60;
        public float MedeAction61;
        public float MedeAction62;
        public float MedeAction63;
        public float MedeScore00;
        public float MedeScore01;
        public float MedeScore02;
        public float MedeScore03;
        public float MedeScore04;
        public float MedeScore05;
        public float MedeScore06;
        public float MedeScore07;
        public float MedeScore08;
        public float MedeScore09;
        public float MedeScore10;
        public float MedeScore11;
        public float MedeScore12;
        public float MedeScore13;
        public float MedeScore14;
        public float MedeScore15;
        public float MedeScore16;
        public float MedeScore17;
        public float MedeScore18;
        public float MedeScore19;
        public float MedeScore20;
        public float MedeScore21;
        public float MedeScore22;
        public float MedeScore23;
        public float MedeScore24;
        public float MedeScore25;
        public float MedeScore26;
        public float MedeScore27;
        public float MedeScore28;
        public float MedeScore29;
        public float MedeScore30;
        public float MedeScore31;
        public float MedeScore32;
        public float MedeScore33;
        public float MedeScore34;
        public float MedeScore35;
        public float MedeScore36;
        public float MedeScore37;
        public float MedeScore38;
        public float MedeScore39;
        public float MedeScore40;
        public float MedeScore41;
        public float MedeScore42;
        public float MedeScore43;
        public float MedeScore44;
        public float MedeScore45;
        public float MedeScore46;
        public float MedeScore47;
        public float MedeScore48;
        public float MedeScore49;
        public float MedeScore50;
        public float MedeScore51;
        public float MedeScore52;
        public float MedeScore53;
        public float MedeScore54;
        public float MedeScore55;
        public float MedeScore56;
        public float MedeScore57;
        public float MedeScore58;
        public float MedeScore59;
        public float MedeScore60;
        public float MedeScore61;
        public float MedeScore62;
        public float MedeScore63;
#pragma warning restore SA1401, CA1051
}
