/**
 * What each view shows, in plain words (a caption) and in the course's notation (an info button's
 * explanation: what you see, what to expect, what ρ, β and λ do to it).
 */
export type Topic = 'mosaic' | 'chart' | 'activation' | 'reconstructions' | 'formula';

export interface Explanation {
  /** Names the view in the info button's label: "About the filters". */
  name: string;
  caption: string;
  see: string;
  expect: string;
  settings: string;
}

export const EXPLANATIONS: Record<Topic, Explanation> = {
  mosaic: {
    name: 'the filters',
    caption: 'What each hidden unit looks for: its weights, drawn as a small image.',
    see:
      'One square per hidden unit j: the row W₁ⱼ of weights from the inputs to unit j, laid out as ' +
      'a patch (white: positive weight, black: negative, mid-gray: 0). Of all inputs with ‖x‖ ≤ 1, ' +
      'x = W₁ⱼ / ‖W₁ⱼ‖ excites unit j the most: this picture.',
    expect:
      'Noise at first; after some dozens of iterations on natural images, edges — short bars at ' +
      'different places and angles; on MNIST, pen strokes and parts of digits.',
    settings:
      'Small ρ with β > 0 makes each unit fire rarely, so it specialises into a clean edge; at ' +
      'β = 0 the filters stay noisy and spread out. λ shrinks every weight: on “one scale for ' +
      'all” the tiles fade as λ grows, while “each filter to its own max” stretches every tile ' +
      'and hides it.',
  },
  chart: {
    name: 'the cost chart',
    caption: 'How the cost J falls while the optimizer works, and its three parts.',
    see:
      'J(W,b) per iteration (black) and its terms: reconstruction error (blue), weight decay ' +
      '(λ/2)(‖W₁‖² + ‖W₂‖²) (green) and sparsity β Σⱼ KL(ρ ‖ ρ̂ⱼ) (orange). A dashed line marks ' +
      'where ρ, β or λ changed. Point at the chart for the values at an iteration.',
    expect:
      'A steep drop in the first tens of iterations, then a long slow tail up to the iteration ' +
      'limit. After a change of ρ, β or λ, J jumps (the cost itself changed) and falls again.',
    settings:
      'Raising β scales the sparsity term at once; raising λ lifts the decay term, and the ' +
      'reconstruction term rises as the weights shrink; moving ρ away from the ρ̂ⱼ raises the KL term.',
  },
  activation: {
    name: 'the mean activations ρ̂',
    caption: 'How often each hidden unit fires on average, against the target ρ.',
    see:
      'One bar per hidden unit j: ρ̂ⱼ = (1/m) Σᵢ a₂ⱼ(x⁽ⁱ⁾), its activation averaged over the m ' +
      'examples. The dashed line is the target ρ.',
    expect:
      'With β > 0 the bars settle on the dashed line: every unit fires on about ρ of the inputs.',
    settings:
      'β sets how hard the KL term pulls each ρ̂ⱼ to ρ: at β = 0 the bars wander away from the ' +
      'line. Moving ρ moves the line, and the bars follow over the next iterations. λ acts on them ' +
      'only through the weights.',
  },
  reconstructions: {
    name: 'the reconstructions',
    caption: 'A few training examples (top) and what the autoencoder rebuilds from them (bottom).',
    see:
      'Inputs x and outputs x̂ = a₃ = f(W₂ a₂ + b₂) for a fixed handful of examples, all on one ' +
      'gray scale per data set, so a faint or washed-out output shows as it is.',
    expect:
      'Gray at first, sharper as the reconstruction term falls; they stay somewhat blurry, since ' +
      'few hidden units may be active for each example.',
    settings:
      'A larger ρ or a smaller β lets more units work on each example: sharper outputs, less ' +
      'specialised filters. A large λ shrinks the weights and the outputs flatten towards gray.',
  },
  formula: {
    name: 'the cost J',
    caption: 'The cost being minimised, with the live value of each term.',
    see:
      'J(W,b) = (1/m) Σᵢ ½‖x̂⁽ⁱ⁾ − x⁽ⁱ⁾‖² + (λ/2)(‖W₁‖² + ‖W₂‖²) + β Σⱼ KL(ρ ‖ ρ̂ⱼ), where ' +
      'KL(ρ ‖ ρ̂ⱼ) = ρ log(ρ/ρ̂ⱼ) + (1−ρ) log((1−ρ)/(1−ρ̂ⱼ)) is 0 when ρ̂ⱼ = ρ and grows as they part.',
    expect:
      'The reconstruction term dominates early; as the filters form, the three terms settle in a ' +
      'balance that β and λ set.',
    settings:
      'Each acts on one term: λ weighs the decay, β weighs the sparsity and ρ is its target. ' +
      'Changing one moves the minimum, and the filters move towards it.',
  },
};
