"""Retrieval-augmented generation over a PDF with LangChain (LCEL)."""
from langchain_community.document_loaders import PyPDFLoader
from langchain_community.vectorstores import FAISS
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnablePassthrough
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

# 1. Load and chunk the document.
pages = PyPDFLoader("docs/attention_is_all_you_need.pdf").load()
splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
chunks = splitter.split_documents(pages)

# 2. Embed the chunks into a vector store and expose it as a retriever.
embeddings = OpenAIEmbeddings(model="text-embedding-3-small")
vectorstore = FAISS.from_documents(chunks, embeddings)
retriever = vectorstore.as_retriever(search_type="mmr", search_kwargs={"k": 4, "fetch_k": 20})

# 3. Prompt + model + parser, wired with LCEL pipes.
prompt = ChatPromptTemplate.from_messages(
    [
        ("system", "Answer the question using only the context below. If it is not there, say so.\n\n{context}"),
        ("human", "{question}"),
    ]
)
llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)


def format_docs(docs):
    return "\n\n".join(doc.page_content for doc in docs)


rag_chain = {"context": retriever | format_docs, "question": RunnablePassthrough()} | prompt | llm | StrOutputParser()

if __name__ == "__main__":
    for question in ["What is multi-head attention?", "Why divide by sqrt(d_k)?"]:
        print(question)
        print(rag_chain.invoke(question))
        print()
