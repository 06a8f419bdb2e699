namespace Mede.ML;

/// <summary>
/// Learns K diverse, high-performing policies with MEDE (Maximum Entropy Diverse Exploration; Cohen et al.),
/// or the DIAYN and SAC baselines, from an environment.
/// </summary>
/// <remarks>
/// <para>MEDE's objective for agent z (Eq. 5, with temperature alpha and discriminator weight beta):
/// J(pi_z) = E[ sum_t r_t + alpha ( -log pi(a_t|s_t,z) + beta log q(z|s_t,a_t) ) ].</para>
/// <para>The discriminator q(z|s,a) stands where the prior pi0 stands in entropy-regularised RL, so the soft
/// value becomes V_z(s) = E_{a~pi_z}[ Q_z(s,a) - alpha log pi(a|s,z) + alpha beta log q(z|s,a) ] (Eq. 6), and the
/// policy loss alpha (log pi - beta log q) - Q is differentiated through q into the reparameterised action.</para>
/// </remarks>
public sealed partial class MedeTrainer
{
}
