// A deterministic, realistic large Python file for the code-intelligence benchmark: a long training +
// RAG + evaluation module where most lines are ordinary Python and a few percent are library calls.

const HEADER = `"""Fine-tuning, retrieval and evaluation utilities (generated benchmark input)."""
import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import torch
from datasets import load_dataset
from openai import OpenAI
from peft import LoraConfig, TaskType, get_peft_model, prepare_model_for_kbit_training
from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig, TrainingArguments
from trl import SFTConfig, SFTTrainer
from langchain_community.vectorstores import FAISS
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

client = OpenAI()
llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
embeddings = OpenAIEmbeddings(model="text-embedding-3-small")

`;

function block(i: number): string {
  return `
@dataclass
class ExperimentConfig${i}:
    """Hyper-parameters for experiment ${i}."""
    base_model: str = "meta-llama/Llama-3.2-1B"
    rank: int = ${8 + (i % 4) * 8}
    alpha: int = ${16 + (i % 4) * 16}
    learning_rate: float = ${(i % 5) + 1}e-4
    epochs: int = ${1 + (i % 3)}
    tags: list = field(default_factory=lambda: ["lora", "sft", "exp-${i}"])


def load_records_${i}(path: str, limit: int = 1000) -> list[dict]:
    """Read JSONL records, skipping blank and malformed lines."""
    records = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= limit:
                break
            line = line.strip()
            if not line:
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                print(f"skipping line {n}: {exc}")
    random.shuffle(records)
    return records


def format_example_${i}(example: dict) -> str:
    instruction = example.get("instruction", "").strip()
    context = example.get("input", "").strip()
    answer = example.get("output", "").strip()
    if context:
        return f"### Instruction:\\n{instruction}\\n\\n### Input:\\n{context}\\n\\n### Response:\\n{answer}"
    return f"### Instruction:\\n{instruction}\\n\\n### Response:\\n{answer}"


def train_${i}(cfg: ExperimentConfig${i}, output_dir: str = "out/${i}") -> None:
    bnb = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.bfloat16)
    tokenizer = AutoTokenizer.from_pretrained(cfg.base_model)
    tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(cfg.base_model, quantization_config=bnb, device_map="auto")
    model = prepare_model_for_kbit_training(model)
    lora = LoraConfig(
        r=cfg.rank,
        lora_alpha=cfg.alpha,
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
        lora_dropout=0.05,
        task_type=TaskType.CAUSAL_LM,
    )
    model = get_peft_model(model, lora)
    model.print_trainable_parameters()
    dataset = load_dataset("json", data_files="data/train_${i}.jsonl", split="train")
    dataset = dataset.map(lambda ex: {"text": format_example_${i}(ex)})
    args = SFTConfig(
        output_dir=output_dir,
        per_device_train_batch_size=4,
        gradient_accumulation_steps=4,
        learning_rate=cfg.learning_rate,
        num_train_epochs=cfg.epochs,
        logging_steps=10,
        bf16=True,
    )
    trainer = SFTTrainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer)
    trainer.train()
    model.save_pretrained(output_dir)


def summarize_${i}(texts: list[str]) -> list[str]:
    summaries = []
    for text in texts:
        response = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[
                {"role": "system", "content": "Summarize in one sentence."},
                {"role": "user", "content": text[:4000]},
            ],
            temperature=0.2,
            max_tokens=120,
        )
        summaries.append(response.choices[0].message.content)
    return summaries


def build_index_${i}(docs):
    splitter = RecursiveCharacterTextSplitter(chunk_size=800, chunk_overlap=100)
    chunks = splitter.split_documents(docs)
    store = FAISS.from_documents(chunks, embeddings)
    retriever = store.as_retriever(search_kwargs={"k": 4})
    prompt = ChatPromptTemplate.from_messages([("system", "Answer from the context:\\n{context}"), ("human", "{question}")])
    chain = prompt | llm | StrOutputParser()
    return retriever, chain


def score_${i}(predictions: list[str], references: list[str]) -> dict:
    exact = sum(p.strip().lower() == r.strip().lower() for p, r in zip(predictions, references))
    overlap = []
    for p, r in zip(predictions, references):
        ps, rs = set(p.lower().split()), set(r.lower().split())
        overlap.append(len(ps & rs) / max(1, len(ps | rs)))
    stats = {"exact": exact / max(1, len(references)), "jaccard": sum(overlap) / max(1, len(overlap))}
    Path("metrics").mkdir(exist_ok=True)
    Path(f"metrics/run_${i}.json").write_text(json.dumps(stats, indent=2))
    return stats


def batches_${i}(items, size=${16 + (i % 3) * 16}):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def report_${i}(stats: dict) -> str:
    lines = [f"{k:>10}: {v:.3f}" for k, v in sorted(stats.items())]
    width = max((len(line) for line in lines), default=0)
    border = "-" * width
    return "\\n".join([border, *lines, border])


def env_flag_${i}(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}
`;
}

/** A Python module of at least `lines` lines (about 5 % of them library calls). */
export function generatePythonModule(lines = 5000): string {
  let src = HEADER;
  let count = HEADER.split('\n').length;
  for (let i = 0; count < lines; i++) {
    const b = block(i);
    src += b;
    count += b.split('\n').length - 1;
  }
  return src;
}
