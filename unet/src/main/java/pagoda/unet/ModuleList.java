package pagoda.unet;

import pagoda.autograd.Module;

/** A named container of child modules, EDM's {@code torch.nn.ModuleDict} ({@code model.enc}, {@code model.dec}). */
final class ModuleList extends Module {
    <M extends Module> M add(String name, M child) {
        return registerModule(name, child);
    }
}
