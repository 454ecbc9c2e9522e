// transformers and trl: loading, quantization, decoding and training hyper-parameters.
import { defineRules, formatValue, known, percent, settingText, shortExpr, term, type RuleContext } from '../ruleRegistry';

function modelSize(name: string | undefined): number | undefined {
  const m = name ? /(\d+(?:\.\d+)?)\s*([bBmM])\b/.exec(name.replace(/[-_]/g, ' ')) : null;
  if (!m) return undefined;
  return parseFloat(m[1]) * (m[2].toLowerCase() === 'b' ? 1e9 : 1e6);
}

function gb(bytes: number): string {
  return `${bytes >= 10e9 ? (bytes / 1e9).toFixed(0) : (bytes / 1e9).toFixed(1)} GB`;
}

defineRules('transformers:BitsAndBytesConfig', ({ args, interpreted, pitfalls, insertArg, rangeOf }) => {
  const four = args.bool('load_in_4bit');
  const eight = args.bool('load_in_8bit');
  const fourFrom = args.setFrom('load_in_4bit', 'boolean');
  const eightFrom = args.setFrom('load_in_8bit', 'boolean');
  if (four || fourFrom) {
    const qt = args.str('bnb_4bit_quant_type') ?? (args.has('bnb_4bit_quant_type') || args.hasSplat ? undefined : 'fp4');
    const qtText = qt === 'nf4' ? 'NF4 (NormalFloat-4, levels matched to normally distributed weights)' : qt === 'fp4' ? 'FP4' : `the 4-bit type set by bnb_4bit_quant_type${args.has('bnb_4bit_quant_type') ? ` (${args.show('bnb_4bit_quant_type')})` : ''}`;
    interpreted.push(
      four
        ? `load_in_4bit=True with ${qtText}: weights take ~0.5 byte/param — the QLoRA recipe when combined with LoRA adapters.`
        : `load_in_4bit is set from ${fourFrom}: when true, weights are stored in ${qtText} at ~0.5 byte/param.`,
    );
    if (!args.has('bnb_4bit_quant_type') && !args.hasSplat) pitfalls.push({ code: 'bnb.quant-type-default', severity: 'hint', message: 'bnb_4bit_quant_type defaults to "fp4"; QLoRA uses "nf4", which usually loses less accuracy.', fix: insertArg('bnb_4bit_quant_type', '"nf4"') });
    const cd = args.value('bnb_4bit_compute_dtype');
    if (cd !== undefined) interpreted.push(`bnb_4bit_compute_dtype=${typeof cd === 'string' ? cd : formatValue(cd)}: weights are dequantized to this dtype for each matmul.`);
    else if (!args.hasSplat) pitfalls.push({ code: 'bnb.compute-dtype', severity: 'hint', message: 'No bnb_4bit_compute_dtype: matmuls run in float32, which is slow; use torch.bfloat16 (or float16 on older GPUs).' });
    if (args.bool('bnb_4bit_use_double_quant')) interpreted.push('bnb_4bit_use_double_quant=True: the quantization constants are quantized too, saving ~0.4 bit/param (≈3 GB on a 65B model).');
  }
  if (eight) interpreted.push('load_in_8bit=True: LLM.int8() — int8 weights with outlier features kept in fp16; ~1 byte/param.');
  else if (eightFrom) interpreted.push(`load_in_8bit is set from ${eightFrom}: when true, LLM.int8() int8 weights (~1 byte/param).`);
  if (four && eight) pitfalls.push({ code: 'bnb.both-bits', severity: 'error', message: 'load_in_4bit and load_in_8bit are mutually exclusive.', range: rangeOf('load_in_8bit') });
  if (!four && !eight && !fourFrom && !eightFrom && !args.hasSplat) interpreted.push('Neither load_in_4bit nor load_in_8bit is set: nothing will be quantized.');
});

defineRules('transformers:AutoModelForCausalLM.from_pretrained', (ctx) => loadModelRules(ctx, true));
defineRules(['transformers:AutoModelForSequenceClassification.from_pretrained', 'transformers:AutoModel.from_pretrained'], (ctx) => loadModelRules(ctx, false));

/** Bytes per parameter and a name for a dtype argument's text; undefined when it cannot be read (a variable). */
function dtypeBytes(text: string): { bytes: number; name: string } | 'auto' | undefined {
  const t = text.replace(/^torch\./, '');
  if (t === 'auto') return 'auto';
  if (/^(bfloat16|bf16)$/.test(t)) return { bytes: 2, name: 'bfloat16' };
  if (/^(float16|half|fp16)$/.test(t)) return { bytes: 2, name: 'float16' };
  if (/^(float32|float|fp32)$/.test(t)) return { bytes: 4, name: 'float32' };
  if (/^(float64|double)$/.test(t)) return { bytes: 8, name: 'float64' };
  return undefined;
}

function loadModelRules({ args, interpreted, pitfalls, rangeOf, call }: RuleContext, causal: boolean): void {
  const name = args.str('pretrained_model_name_or_path', 0);
  const params = modelSize(name);
  const four = args.bool('load_in_4bit');
  const eight = args.bool('load_in_8bit');
  const fourFrom = args.setFrom('load_in_4bit', 'boolean');
  const eightFrom = args.setFrom('load_in_8bit', 'boolean');
  const qc = args.value('quantization_config');
  const dtypeName = args.has('torch_dtype') ? 'torch_dtype' : args.has('dtype') ? 'dtype' : undefined;
  const dtype = dtypeName ? args.value(dtypeName) : undefined;
  const dtypeText = dtype === undefined ? undefined : typeof dtype === 'string' ? dtype : shortExpr(formatValue(dtype));
  const dt = dtypeText === undefined ? undefined : dtypeBytes(dtypeText);
  if (four || eight || fourFrom || eightFrom) {
    const is4 = four || (!eight && fourFrom !== undefined);
    pitfalls.push({
      code: 'transformers.load-in-kbit-deprecated',
      severity: 'warning',
      message: `Passing ${is4 ? 'load_in_4bit' : 'load_in_8bit'} to from_pretrained is deprecated; pass quantization_config=BitsAndBytesConfig(${is4 ? 'load_in_4bit=True, bnb_4bit_quant_type="nf4"' : 'load_in_8bit=True'}) instead.`,
      range: rangeOf(is4 ? 'load_in_4bit' : 'load_in_8bit'),
    });
    if (four || eight) interpreted.push(four ? 'load_in_4bit=True: 4-bit weights (QLoRA-style NF4/FP4 via bitsandbytes).' : 'load_in_8bit=True: int8 weights via bitsandbytes (LLM.int8).');
    else interpreted.push(`${fourFrom ? 'load_in_4bit' : 'load_in_8bit'} is set from ${fourFrom ?? eightFrom}: when true, weights are quantized by bitsandbytes on load.`);
  }
  if (qc !== undefined) interpreted.push('quantization_config: weights are quantized on load as that config says (see its hover).');
  // Which quantization is in effect: read from the flags or an inline BitsAndBytesConfig(...); 'unknown' when a config object or expression decides.
  const qcText = qc === undefined ? '' : formatValue(qc);
  const quant: '4bit' | '8bit' | 'unknown' | undefined = four || /load_in_4bit\s*=\s*True/.test(qcText)
    ? '4bit'
    : eight || /load_in_8bit\s*=\s*True/.test(qcText)
      ? '8bit'
      : qc !== undefined || fourFrom || eightFrom
        ? 'unknown'
        : undefined;
  if (params) {
    const p = `~${(params / 1e9).toFixed(params < 1e9 ? 2 : 1)} B parameters →`;
    const w16 = gb(params * 2);
    const w32 = gb(params * 4);
    if (quant === '4bit') interpreted.push(`${p} about ${gb(params * 0.55)} of weights in 4-bit.`);
    else if (quant === '8bit') interpreted.push(`${p} about ${gb(params * 1.05)} of weights in 8-bit.`);
    else if (quant === 'unknown') interpreted.push(`${p} quantized weights take about ${gb(params * 0.55)} in 4-bit or ${gb(params * 1.05)} in 8-bit (vs ${w16} in 16-bit), depending on the quantization config.`);
    else if (dt === 'auto') interpreted.push(`${p} about ${w16} of weights if the checkpoint is stored in bf16/fp16 (${w32} if float32): dtype "auto" keeps the checkpoint's dtype.`);
    else if (dt) interpreted.push(`${p} about ${gb(params * dt.bytes)} of weights in ${dt.name}.`);
    else if (dtypeText) interpreted.push(`${p} about ${w16} of weights in bf16/fp16 or ${w32} in float32, depending on ${dtypeName}.`);
    else interpreted.push(`${p} about ${w32} of weights in float32 (the transformers 4.x default), or ${w16} in bf16/fp16.`);
  }
  if (dtypeText) {
    const bytes = dt === 'auto' ? 'uses the dtype stored in the checkpoint config' : dt ? (dt.name === 'bfloat16' ? '2 bytes/param, same range as fp32 (preferred on Ampere+ GPUs)' : dt.name === 'float16' ? '2 bytes/param, narrower range (overflow risk in training)' : `${dt.bytes} bytes/param`) : undefined;
    interpreted.push(bytes ? `${dtypeName}=${dtypeText}: ${bytes}.` : `${dtypeName} is set from ${dtypeText}: weights load in that dtype (2 bytes/param for bf16/fp16, 4 for float32).`);
  } else if (!quant && !args.hasSplat) {
    interpreted.push('No torch_dtype: transformers 4.x loads the weights in float32 (4 bytes/param), often twice the memory you need; transformers 5 defaults to dtype="auto", the checkpoint\'s own dtype (usually bf16/fp16, 2 bytes/param).');
  }
  const dm = args.value('device_map');
  if (dm === 'auto') interpreted.push('device_map="auto": Accelerate spreads layers over available GPUs, then CPU RAM, then disk.');
  const attn = args.str('attn_implementation');
  if (attn) interpreted.push(`attn_implementation="${attn}": ${attn === 'flash_attention_2' ? 'FlashAttention-2 kernels (needs fp16/bf16 and a supported GPU)' : attn === 'sdpa' ? 'PyTorch scaled-dot-product attention kernels' : 'attention implementation override'}.`);
  if (args.bool('trust_remote_code')) pitfalls.push({ code: 'transformers.trust-remote-code', severity: 'warning', message: 'trust_remote_code=True executes Python code from the model repository; pin a revision you have reviewed.', range: rangeOf('trust_remote_code') });
  const labels = args.num('num_labels');
  if (labels !== undefined) interpreted.push(`num_labels=${labels}: a new, randomly initialised classification head with ${labels} outputs (it must be trained).`);
  void causal;
  void call;
}

defineRules('transformers:AutoTokenizer.from_pretrained', ({ args, interpreted }) => {
  const side = args.str('padding_side');
  if (side) interpreted.push(`padding_side="${side}": ${side === 'left' ? 'pads on the left — needed for batched generation with decoder-only models' : 'pads on the right — fine for training'}.`);
  if (args.bool('use_fast') === false) interpreted.push('use_fast=False: the slow pure-Python tokenizer.');
});

defineRules('transformers:pipeline', ({ args, interpreted, pitfalls }) => {
  const task = args.str('task', 0);
  if (task) interpreted.push(`Task "${task}": ${task === 'text-generation' ? 'autoregressive generation; pass max_new_tokens per call' : task === 'summarization' ? 'sequence-to-sequence summarisation' : task === 'sentiment-analysis' || task === 'text-classification' ? 'returns label + score per input' : 'ready-made pre/post-processing for this task'}.`);
  if (!args.has('model') && args.positional.length < 2) pitfalls.push({ code: 'transformers.pipeline-default-model', severity: 'hint', message: 'No model: the pipeline downloads a task default that may change between versions; pin model=.' });
});

defineRules('transformers:GenerationMixin.generate', ({ args, interpreted, pitfalls, insertArg, rangeOf }) => {
  const sample = args.bool('do_sample');
  const temp = args.num('temperature');
  const topP = args.num('top_p');
  const topK = args.num('top_k');
  const beams = args.num('num_beams');
  const mnt = args.num('max_new_tokens');
  const mntFrom = args.setFrom('max_new_tokens');
  const sampleFrom = args.setFrom('do_sample', 'boolean');
  const beamsFrom = args.setFrom('num_beams');
  if (mnt !== undefined) interpreted.push(`max_new_tokens=${mnt}: at most ${mnt} generated tokens (≈${Math.round(mnt * 0.75)} English words).`);
  else if (mntFrom) interpreted.push(`max_new_tokens is set from ${mntFrom}: generation stops after that many new tokens.`);
  else if (!args.has('max_length') && !args.hasSplat) {
    pitfalls.push({ code: 'generate.no-max-new-tokens', severity: 'hint', message: 'No max_new_tokens: generation stops at the model’s default max_length (often 20 tokens total, prompt included).', fix: insertArg('max_new_tokens', '256') });
  }
  if (sample) interpreted.push('do_sample=True: samples from the (temperature/top-k/top-p shaped) distribution instead of taking the argmax.');
  else if (sampleFrom) interpreted.push(`do_sample is set from ${sampleFrom}: when true, samples from the (temperature/top-k/top-p shaped) distribution; when false, ${beams && beams > 1 ? 'beam search' : 'greedy decoding'}.`);
  else if (beamsFrom) interpreted.push(`num_beams is set from ${beamsFrom}: beam search when above 1, otherwise greedy decoding.`);
  else if (beams && beams > 1) interpreted.push(`num_beams=${beams}: beam search keeps the ${beams} best partial sequences (deterministic, favours likely but bland text).`);
  else interpreted.push('Greedy decoding (no do_sample): always the most likely next token — deterministic, can loop on long outputs.');
  if (temp !== undefined) interpreted.push(`temperature=${temp}: ${temp < 1 ? 'sharpens' : temp > 1 ? 'flattens' : 'keeps'} the next-token distribution${temp > 1 ? ' (more random)' : ''}.`);
  if (topK !== undefined) interpreted.push(`top_k=${topK}: sample only among the ${topK} most likely tokens.`);
  if (topP !== undefined) interpreted.push(`top_p=${topP}: nucleus sampling over the smallest token set with ${percent(topP)} of the probability.`);
  if ((args.has('temperature') || args.has('top_p') || args.has('top_k')) && sample !== true && !sampleFrom && !args.hasSplat) {
    pitfalls.push({ code: 'generate.sampling-without-do-sample', severity: 'warning', message: 'temperature/top_p/top_k have no effect without do_sample=True (greedy decoding ignores them).', range: rangeOf('temperature') ?? rangeOf('top_p') ?? rangeOf('top_k'), fix: insertArg('do_sample', 'True') });
  }
  const rp = args.num('repetition_penalty');
  if (rp !== undefined) {
    interpreted.push(`repetition_penalty=${rp}: ${rp > 1 ? 'down-weights tokens already generated' : 'no penalty'} (1.1–1.3 is typical).`);
    if (rp > 1.5) pitfalls.push({ code: 'generate.repetition-penalty-high', severity: 'hint', message: `repetition_penalty=${rp} is high; it can force odd word choices.`, range: rangeOf('repetition_penalty') });
  }
  const nr = args.num('no_repeat_ngram_size');
  if (nr !== undefined) interpreted.push(`no_repeat_ngram_size=${nr}: forbids repeating any ${nr}-gram.`);
});

defineRules('transformers:PreTrainedTokenizerBase.apply_chat_template', ({ args, interpreted, pitfalls, insertArg }) => {
  const tok = args.bool('tokenize');
  const agp = args.bool('add_generation_prompt');
  const tokFrom = args.setFrom('tokenize', 'boolean');
  const agpFrom = args.setFrom('add_generation_prompt', 'boolean');
  interpreted.push(tok === false ? 'tokenize=False: returns the formatted prompt string.' : tokFrom ? `tokenize is set from ${tokFrom}: token ids when true, the formatted prompt string when false.` : 'Returns token ids (tokenize defaults to True).');
  if (agp) interpreted.push('add_generation_prompt=True: ends with the assistant header so the model answers as the assistant.');
  else if (agpFrom) interpreted.push(`add_generation_prompt is set from ${agpFrom}: when true, the prompt ends with the assistant header so the model answers as the assistant.`);
  else if (!args.hasSplat) pitfalls.push({ code: 'chat-template.no-generation-prompt', severity: 'hint', message: 'Without add_generation_prompt=True the prompt does not end with the assistant turn header; for generation the model may continue the user turn.', fix: insertArg('add_generation_prompt', 'True') });
});

const TRAINING_SYMBOLS = ['transformers:TrainingArguments', 'trl:SFTConfig', 'trl:DPOConfig', 'trl:PPOConfig', 'trl:RewardConfig', 'trl:GRPOConfig'];

defineRules(TRAINING_SYMBOLS, ({ call, args, interpreted, pitfalls, rangeOf, renameArg }) => {
  const bs = args.numSetting('per_device_train_batch_size', 8);
  const ga = args.numSetting('gradient_accumulation_steps', 1);
  if (!bs.isDefault || !ga.isDefault) {
    const b = known(bs);
    const g = known(ga);
    if (b !== undefined && g !== undefined) interpreted.push(`Effective batch size ${b} × ${g} accumulation = ${b * g} sequences per optimizer step per GPU.`);
    else {
      const notes = [bs, ga].filter((x) => known(x) === undefined).map(settingText);
      interpreted.push(`Effective batch size ${term(bs)} × ${term(ga)} accumulation sequences per optimizer step per GPU (${notes.join('; ')}).`);
    }
  }
  const lr = args.num('learning_rate');
  if (lr !== undefined) {
    interpreted.push(`learning_rate=${lr}: ${lr >= 5e-5 ? 'in the usual range for LoRA/adapters (1e-4–3e-4)' : 'in the usual range for full fine-tuning (1e-5–5e-5)'}${call.symbol === 'trl:DPOConfig' ? '; DPO typically uses 5e-7–5e-6' : ''}.`);
    if (lr >= 1e-3) pitfalls.push({ code: 'training.lr-high', severity: 'hint', message: `learning_rate=${lr} is high for fine-tuning; loss spikes or divergence are likely.`, range: rangeOf('learning_rate') });
    if (call.symbol === 'trl:DPOConfig' && lr >= 1e-4) pitfalls.push({ code: 'dpo.lr-high', severity: 'hint', message: 'DPO is sensitive to the learning rate; values around 5e-7–5e-6 are typical for full models.', range: rangeOf('learning_rate') });
  }
  const epochs = args.num('num_train_epochs');
  const steps = args.num('max_steps');
  if (steps !== undefined && steps > 0) interpreted.push(`max_steps=${steps}: overrides num_train_epochs.`);
  else if (epochs !== undefined) interpreted.push(`num_train_epochs=${epochs}${epochs > 5 ? ' — many epochs on a small fine-tuning set risks memorising it' : ''}.`);
  const wr = args.num('warmup_ratio');
  const ws = args.num('warmup_steps');
  if (wr !== undefined) interpreted.push(`warmup_ratio=${wr}: learning rate ramps up over the first ${percent(wr)} of steps.`);
  if (ws !== undefined) interpreted.push(`warmup_steps=${ws}: learning rate ramps up over ${ws} steps.`);
  const sched = args.str('lr_scheduler_type');
  if (sched) interpreted.push(`lr_scheduler_type="${sched}": ${sched === 'cosine' ? 'decays along a cosine curve to 0' : sched === 'linear' ? 'decays linearly to 0' : sched === 'constant' ? 'constant after warmup' : 'custom schedule'}.`);
  if (args.bool('bf16') && args.bool('fp16')) pitfalls.push({ code: 'training.bf16-and-fp16', severity: 'error', message: 'bf16 and fp16 cannot both be True.', range: rangeOf('fp16') });
  else if (args.bool('bf16')) interpreted.push('bf16=True: mixed precision in bfloat16 (needs Ampere or newer).');
  else if (args.bool('fp16')) interpreted.push('fp16=True: mixed precision in float16 with loss scaling.');
  if (args.bool('gradient_checkpointing')) interpreted.push('gradient_checkpointing=True: recomputes activations in backward — much less memory, ~20–30 % slower.');
  const optim = args.str('optim');
  if (optim) interpreted.push(`optim="${optim}"${/8bit/.test(optim) ? ': 8-bit optimizer states' : ''}${/paged/.test(optim) ? ', paged to CPU on memory spikes' : ''}.`);
  if (call.symbol === 'trl:SFTConfig') {
    if (args.has('max_seq_length')) pitfalls.push({ code: 'trl.max-seq-length-renamed', severity: 'warning', message: 'max_seq_length was renamed to max_length in recent TRL versions.', range: rangeOf('max_seq_length'), fix: renameArg('max_seq_length', 'max_length') });
    const ml = args.num('max_length') ?? args.num('max_seq_length');
    if (ml !== undefined) interpreted.push(`max_length=${ml}: longer examples are truncated to ${ml} tokens.`);
    if (args.bool('packing')) interpreted.push('packing=True: several short examples are packed into each sequence — faster, but examples share context windows.');
    if (args.has('dataset_text_field')) interpreted.push(`dataset_text_field=${args.show('dataset_text_field')}: the column holding the training text.`);
  }
  if (call.symbol === 'trl:DPOConfig') {
    interpreted.push(`${settingText(args.numSetting('beta', 0.1))}: strength of the implicit KL penalty to the reference model — lower β lets the policy move further from it.`);
    const lt = args.str('loss_type');
    if (lt) interpreted.push(`loss_type="${lt}"${lt === 'sigmoid' ? ': the original DPO loss' : lt === 'ipo' ? ': IPO, a squared loss that resists overfitting the preferences' : ''}.`);
  }
  if (call.symbol === 'trl:GRPOConfig') {
    const g = args.num('num_generations');
    if (g !== undefined) interpreted.push(`num_generations=${g}: ${g} completions per prompt; each one’s advantage is its reward relative to the group mean.`);
    const b = args.num('beta');
    if (b !== undefined) interpreted.push(`beta=${b}: KL penalty to the reference policy${b === 0 ? ' (disabled; no reference model is loaded)' : ''}.`);
  }
  if (call.symbol === 'trl:PPOConfig') {
    const kl = args.num('kl_coef');
    if (kl !== undefined) interpreted.push(`kl_coef=${kl}: penalty keeping the policy close to the reference model.`);
    const cr = args.num('cliprange');
    if (cr !== undefined) interpreted.push(`cliprange=${cr}: policy ratio clipped to [${1 - cr}, ${1 + cr}] per update.`);
  }
});

defineRules(['transformers:Trainer', 'trl:SFTTrainer', 'trl:DPOTrainer', 'trl:RewardTrainer', 'trl:PPOTrainer', 'trl:GRPOTrainer'], ({ call, args, interpreted, pitfalls, renameArg, rangeOf }) => {
  if (args.has('tokenizer')) pitfalls.push({ code: 'trainer.tokenizer-renamed', severity: 'warning', message: 'The tokenizer= argument is deprecated; pass it as processing_class=.', range: rangeOf('tokenizer'), fix: renameArg('tokenizer', 'processing_class') });
  if (args.has('peft_config')) interpreted.push('peft_config given: the trainer wraps the model with these adapters, so only they train.');
  if (!args.has('eval_dataset') && call.symbol !== 'trl:PPOTrainer') interpreted.push('No eval_dataset: no validation loss, so over-fitting goes unnoticed.');
  if (call.symbol === 'trl:DPOTrainer') {
    const ref = args.value('ref_model');
    interpreted.push(ref === undefined || ref === null ? 'No ref_model: a frozen copy of the model is the reference (with PEFT, the base model with adapters disabled).' : 'ref_model: the frozen reference the policy is kept close to.');
  }
  if (call.symbol === 'trl:GRPOTrainer' && args.has('reward_funcs')) interpreted.push('reward_funcs: functions/models scoring each completion; rewards are compared within each group.');
});

defineRules('transformers:DataCollatorForLanguageModeling', ({ args, interpreted, pitfalls, insertArg }) => {
  const mlm = args.bool('mlm');
  const mlmFrom = args.setFrom('mlm', 'boolean');
  if (mlm === false) interpreted.push('mlm=False: causal LM labels (the inputs, shifted inside the model); padding tokens are masked with -100.');
  else if (mlmFrom) interpreted.push(`mlm is set from ${mlmFrom}: BERT-style masked-token labels when true, causal LM labels when false.`);
  else if (mlm === true) interpreted.push('mlm=True: BERT-style masked-token objective.');
  else if (!args.hasSplat) {
    interpreted.push('mlm defaults to True: BERT-style masked-token objective.');
    pitfalls.push({ code: 'collator.mlm-default', severity: 'hint', message: 'mlm defaults to True (masked LM); for causal LMs (GPT/Llama) pass mlm=False.', fix: insertArg('mlm', 'False') });
  }
});
