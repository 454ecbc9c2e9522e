// peft: LoRA and its relatives.
import { defineRules, known, percent, settingText, term } from '../ruleRegistry';

const MODULE_GROUPS: [RegExp, string][] = [
  [/^(q_proj|k_proj|v_proj|o_proj|query|key|value|q|k|v|o)$/, 'attention'],
  [/^(gate_proj|up_proj|down_proj|fc1|fc2|w1|w2|w3|dense_h_to_4h|dense_4h_to_h|mlp|c_fc)$/, 'MLP'],
  [/^(c_attn|query_key_value|qkv_proj|Wqkv)$/, 'fused attention'],
  [/^(lm_head|embed_tokens|wte)$/, 'embedding/output'],
];

function describeModules(mods: string[]): string {
  const groups = new Map<string, string[]>();
  for (const m of mods) {
    const g = MODULE_GROUPS.find(([re]) => re.test(m))?.[1] ?? 'other';
    groups.set(g, [...(groups.get(g) ?? []), m]);
  }
  const parts: string[] = [];
  const att = groups.get('attention') ?? [];
  if (att.length) {
    const names = att.map((m) => m.replace(/_proj$/, '')).join('/');
    parts.push(att.length >= 4 ? 'all four attention projections (q, k, v, o)' : `the attention ${names} projection${att.length > 1 ? 's' : ''}`);
  }
  if (groups.get('fused attention')?.length) parts.push(`the fused attention projection (${groups.get('fused attention')!.join(', ')})`);
  if (groups.get('MLP')?.length) parts.push(`the feed-forward (MLP) layers (${groups.get('MLP')!.join(', ')})`);
  if (groups.get('embedding/output')?.length) parts.push(`embedding/output layers (${groups.get('embedding/output')!.join(', ')}) — usually better in modules_to_save`);
  if (groups.get('other')?.length) parts.push(`${groups.get('other')!.join(', ')}`);
  return parts.join(' and ');
}

defineRules(['peft:LoraConfig', 'peft:AdaLoraConfig'], ({ call, args, interpreted, pitfalls, insertArg, rangeOf }) => {
  const isAda = call.symbol === 'peft:AdaLoraConfig';
  const rName = isAda ? 'init_r' : 'r';
  const r = args.numSetting(rName, isAda ? 12 : 8);
  const alpha = args.numSetting('lora_alpha', 8);
  const rs = args.bool('use_rslora') === true;
  const rsFrom = args.setFrom('use_rslora', 'boolean');
  const rGiven = !r.isDefault;
  if (r.value !== undefined && rGiven) {
    interpreted.push(
      `${rName}=${r.value}: each adapted weight W (d×k) gets B (d×${r.value}) and A (${r.value}×k); for a 4096×4096 projection that is ${(r.value * 8192).toLocaleString('en-US')} trainable values instead of 16.8 M (${percent((r.value * 8192) / 16777216)}).`,
    );
  } else if (r.expr !== undefined) interpreted.push(`${rName} is set from ${r.expr}: the adapter rank — each adapted weight W (d×k) gets B (d×r) and A (r×k), so trainable values grow linearly with it.`);
  else if (!isAda) interpreted.push(r.splat ? `r not set here: PEFT uses rank 8 unless ${r.splat} sets it.` : 'r not set: PEFT uses rank 8.');
  if (isAda) {
    const target = args.num('target_r');
    if (r.value !== undefined && rGiven && target !== undefined) interpreted.push(`Rank budget shrinks from init_r=${r.value} towards an average target_r=${target} as training finds which matrices matter.`);
  }
  if (!alpha.isDefault || rGiven) {
    const a = known(alpha);
    const rr = known(r);
    const formula = rs ? `α/√r = ${term(alpha)}/√${term(r)}` : `α/r = ${term(alpha)}/${term(r)}`;
    const scale = a !== undefined && rr !== undefined ? (rs ? a / Math.sqrt(rr) : a / rr) : undefined;
    const rsNote = rsFrom ? ` (α/√r if use_rslora, set from ${rsFrom}, is true)` : '';
    interpreted.push(`${settingText(alpha)}: updates scaled by ${formula}${scale !== undefined ? ` = ${+scale.toFixed(3)}` : ''}${rsNote}.`);
    if (!rs && !rsFrom && scale !== undefined && (scale > 4 || scale < 0.5) && !alpha.isDefault && rGiven) {
      pitfalls.push({
        code: 'peft.alpha-ratio',
        severity: 'hint',
        message: `lora_alpha/r = ${+scale.toFixed(2)} is far from common practice (α = r or 2r, a scale of 1–2); the effective learning rate of the adapters changes with it.`,
        range: rangeOf('lora_alpha'),
      });
    }
  }
  const rv = rGiven ? r.value : undefined;
  if (rv !== undefined && rv > 256) pitfalls.push({ code: 'peft.rank-large', severity: 'hint', message: `r=${rv} is very large for LoRA (typical 8–64); memory and overfitting grow with r.`, range: rangeOf(rName) });
  if (rv !== undefined && rv <= 0) pitfalls.push({ code: 'peft.rank-invalid', severity: 'error', message: 'r must be a positive integer.', range: rangeOf(rName) });
  const tm = args.value('target_modules');
  if (Array.isArray(tm)) {
    const mods = tm.filter((x): x is string => typeof x === 'string');
    if (mods.length) interpreted.push(`target_modules: adapts ${describeModules(mods)}.`);
    const att = mods.filter((m) => /^(q_proj|v_proj)$/.test(m));
    if (att.length === mods.length && mods.length === 2) interpreted.push('q and v only is the original LoRA paper’s choice; adding k/o and the MLP projections (or "all-linear") usually improves quality for more trainable parameters.');
  } else if (tm === 'all-linear') interpreted.push('target_modules="all-linear": every linear layer except the output head gets an adapter (QLoRA paper style).');
  else if (!args.has('target_modules') && !isAda && !args.hasSplat) interpreted.push('target_modules not set: PEFT picks defaults for known architectures (q_proj and v_proj for Llama-style models).');
  const dropout = args.num('lora_dropout');
  if (dropout !== undefined) {
    interpreted.push(`lora_dropout=${dropout}: ${dropout === 0 ? 'no dropout on the adapter path' : `drops ${percent(dropout)} of the adapter’s inputs during training (0.05–0.1 is common)`}.`);
    if (dropout >= 0.5) pitfalls.push({ code: 'peft.dropout-high', severity: 'hint', message: `lora_dropout=${dropout} is unusually high (typical 0–0.1).`, range: rangeOf('lora_dropout') });
  }
  const bias = args.str('bias');
  if (bias && bias !== 'none') {
    interpreted.push(`bias="${bias}": also trains ${bias === 'all' ? 'all biases' : 'the biases of adapted layers'}.`);
    pitfalls.push({ code: 'peft.bias-trained', severity: 'hint', message: `bias="${bias}" changes the base model’s biases, so disabling the adapter no longer restores the original model exactly.`, range: rangeOf('bias') });
  }
  const task = args.value('task_type');
  if (task !== undefined) {
    const t = typeof task === 'string' ? task : (task as { text?: string })?.text ?? '';
    if (/CAUSAL_LM/.test(t)) interpreted.push('task_type=CAUSAL_LM: wraps a decoder-only LM (PeftModelForCausalLM), as for chat/instruction tuning.');
    else if (/SEQ_CLS/.test(t)) interpreted.push('task_type=SEQ_CLS: sequence classification; the classifier head is trained and saved too.');
    else if (/SEQ_2_SEQ_LM/.test(t)) interpreted.push('task_type=SEQ_2_SEQ_LM: encoder-decoder models such as T5.');
  } else if (!isAda && !args.hasSplat) {
    pitfalls.push({
      code: 'peft.no-task-type',
      severity: 'hint',
      message: 'No task_type: get_peft_model then returns a generic PeftModel; set task_type="CAUSAL_LM" for decoder LMs so generation and saving use the right wrapper.',
      fix: insertArg('task_type', '"CAUSAL_LM"'),
    });
  }
  if (args.bool('use_dora')) interpreted.push('use_dora=True: DoRA splits each weight into magnitude and direction and adapts the direction with LoRA; better at low rank, slower to train.');
  if (rs) interpreted.push('use_rslora=True: rank-stabilised scaling α/√r keeps updates from shrinking as r grows.');
  const mts = args.list('modules_to_save');
  if (mts) interpreted.push(`modules_to_save: ${mts.map(String).join(', ')} are trained fully and saved with the adapter (needed when you add tokens or train a new head).`);
  const init = args.value('init_lora_weights');
  if (typeof init === 'string') interpreted.push(`init_lora_weights="${init}": ${init === 'pissa' ? 'initialises from the principal singular vectors of W (faster convergence)' : init === 'gaussian' ? 'Gaussian init for A instead of Kaiming-uniform' : 'custom initialisation'}.`);
  const layers = args.value('layers_to_transform');
  if (layers !== undefined) interpreted.push(`layers_to_transform=${JSON.stringify(layers)}: only those layer indices get adapters.`);
});

defineRules('peft:get_peft_model', ({ interpreted, args }) => {
  interpreted.push('Freezes every base weight and injects adapters; call print_trainable_parameters() to confirm only a small share trains.');
  if (args.positional.length < 2 && !args.has('peft_config')) interpreted.push('The second argument must be a PEFT config (e.g. LoraConfig).');
});

defineRules('peft:prepare_model_for_kbit_training', ({ interpreted, args }) => {
  const gc = args.bool('use_gradient_checkpointing');
  const gcFrom = args.setFrom('use_gradient_checkpointing', 'boolean');
  interpreted.push(
    gc === false
      ? 'use_gradient_checkpointing=False: faster steps but activations for the whole network stay in memory.'
      : gcFrom
        ? `use_gradient_checkpointing is set from ${gcFrom}: when true (the default), activations are recomputed in the backward pass, trading ~20–30 % speed for much less memory.`
        : 'Enables gradient checkpointing (the default): recomputes activations in the backward pass, trading ~20–30 % speed for much less memory.',
  );
});

defineRules('peft:PeftModel.from_pretrained', ({ interpreted, args, pitfalls }) => {
  const adapter = args.str('model_id', 1);
  if (adapter) interpreted.push(`Loads adapter "${adapter}" on top of the base model passed first.`);
  const trainFrom = args.setFrom('is_trainable', 'boolean');
  if (args.bool('is_trainable')) interpreted.push('is_trainable=True: the adapter stays trainable (resume or continue training).');
  else if (trainFrom) interpreted.push(`is_trainable is set from ${trainFrom}: when true the adapter stays trainable; when false it is loaded frozen for inference.`);
  else interpreted.push('Adapter is loaded frozen for inference; pass is_trainable=True to keep training it.');
  void pitfalls;
});

defineRules('peft:PeftModel.merge_and_unload', ({ interpreted }) => {
  interpreted.push('W ← W + (α/r)·B·A for every adapted layer, then the adapter modules are removed: no extra latency, but the adapter can no longer be switched off.');
  interpreted.push('Merging into a 4-/8-bit quantized base is lossy; reload the base in bf16/fp16 before merging for deployment.');
});

defineRules('peft:PeftModel.print_trainable_parameters', ({ interpreted }) => {
  interpreted.push('Prints “trainable params: … || all params: … || trainable%: …”; for LoRA expect well under 1–2 %.');
});

defineRules('peft:PeftModel.save_pretrained', ({ interpreted }) => {
  interpreted.push('Writes adapter_model.safetensors and adapter_config.json only (megabytes); load later with PeftModel.from_pretrained(base, path).');
});

defineRules(['peft:PromptTuningConfig', 'peft:PrefixTuningConfig'], ({ call, args, interpreted }) => {
  const n = args.num('num_virtual_tokens');
  if (n !== undefined) {
    interpreted.push(
      call.symbol === 'peft:PrefixTuningConfig'
        ? `num_virtual_tokens=${n}: ${n} learned key/value vectors are prepended at every layer.`
        : `num_virtual_tokens=${n}: ${n} learned embeddings are prepended to every input (they use context length).`,
    );
  }
  const init = args.value('prompt_tuning_init');
  if (init !== undefined) interpreted.push(`prompt_tuning_init=${typeof init === 'string' ? init : (init as { text?: string }).text}: ${String((init as { text?: string })?.text ?? init).includes('TEXT') ? 'starts from the embeddings of prompt_tuning_init_text (more stable than random)' : 'random initialisation'}.`);
});

defineRules('peft:IA3Config', ({ args, interpreted }) => {
  const tm = args.list('target_modules');
  const ff = args.list('feedforward_modules');
  if (tm) interpreted.push(`Scales the outputs of ${tm.map(String).join(', ')} with learned vectors.`);
  if (ff) interpreted.push(`feedforward_modules ${ff.map(String).join(', ')} are scaled on their input instead (must be a subset of target_modules).`);
});

defineRules('peft:TaskType', ({ call, interpreted }) => {
  void call;
  interpreted.push('CAUSAL_LM for decoder LMs, SEQ_2_SEQ_LM for T5-style, SEQ_CLS for classification, TOKEN_CLS for tagging, FEATURE_EXTRACTION for embeddings.');
});
