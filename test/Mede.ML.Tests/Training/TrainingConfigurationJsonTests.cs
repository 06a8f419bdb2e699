using System.Text.Json;
using System.Text.Json.Serialization;
using Mede.ML.Training;

namespace Mede.ML.Tests.Training;

[TestClass]
public sealed class TrainingConfigurationJsonTests
{
    private static readonly JsonSerializerOptions s_json = new() { Converters = { new JsonStringEnumConverter() } };

    [TestMethod]
    [DataRow("OutcomeUndiscounted", OutcomePayment.Undiscounted)]
    [DataRow("OutcomeSpread", OutcomePayment.Spread)]
    [DataRow("OutcomeShaping", OutcomePayment.Shaped)]
    public void Deserialize_AFlagOfTheFormerFormat_GivesThePaymentTheRunTrainedWith(string flag, OutcomePayment payment)
    {
        // run.json, checkpoint manifests and run stores written before OutcomePayment held three exclusive flags.
        string json = $$"""{ "OutcomeWeight": 300, "OutcomeScore": "Information", "OutcomeUndiscounted": false, "OutcomeSpread": false, "OutcomeShaping": false, "{{flag}}": true }""";

        TrainingConfiguration options = JsonSerializer.Deserialize<TrainingConfiguration>(json, s_json)!;

        Assert.AreEqual(payment, options.OutcomePayment);
    }

    [TestMethod]
    public void Serialize_WritesThePaymentAndNoneOfTheFormerFlags_AndReadsBackTheSame()
    {
        var options = new TrainingConfiguration { OutcomeWeight = 300f, OutcomeScore = OutcomeScore.Information, OutcomePayment = OutcomePayment.Shaped };

        string json = JsonSerializer.Serialize(options, s_json);
        TrainingConfiguration back = JsonSerializer.Deserialize<TrainingConfiguration>(json, s_json)!;

        StringAssert.Contains(json, "\"OutcomePayment\":\"Shaped\"");
        Assert.DoesNotContain("OutcomeSpread", json);
        Assert.DoesNotContain("OutcomeShaping", json);
        Assert.DoesNotContain("OutcomeUndiscounted", json);
        Assert.AreEqual(OutcomePayment.Shaped, back.OutcomePayment);
    }
}
