// Chat, streaming and embeddings with the openai npm SDK (v4+). Run: npx tsx openai_chat.ts
import OpenAI from "openai";

const client = new OpenAI(); // reads OPENAI_API_KEY

async function ask(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "You explain machine learning simply." },
      { role: "user", content: question },
    ],
    temperature: 0.2,
  });
  return completion.choices[0].message.content ?? "";
}

async function streamAnswer(question: string): Promise<void> {
  const stream = await client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "user", content: question }],
    stream: true,
    max_tokens: 400,
  });
  for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
}

async function embed(texts: string[]): Promise<number[][]> {
  const res = await client.embeddings.create({ model: "text-embedding-3-small", input: texts });
  return res.data.map((d) => d.embedding);
}

async function main() {
  console.log(await ask("What is a LoRA adapter?"));
  await streamAnswer("Explain top_p sampling in three sentences.");
  console.log((await embed(["adapter", "low-rank"])).map((v) => v.length));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
