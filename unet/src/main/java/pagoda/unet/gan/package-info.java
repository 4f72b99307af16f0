/**
 * The layers of PaGoDA's projected discriminator heads (Sauer et al., "Projected GANs Converge Faster",
 * NeurIPS 2021, as PaGoDA's reference uses them): spectrally normalised convolutions and linear layers
 * and batch normalisation with batch statistics, with torch's parameter and buffer names and default
 * initialisation, so state dicts line up with {@code torch.nn.utils.spectral_norm} and
 * {@code torch.nn.BatchNorm2d}.
 */
package pagoda.unet.gan;
