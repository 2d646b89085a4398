"""A vocabulary of technologies (languages, frameworks, databases, cloud, tools) and how to spot them in text.

Postings name their stack in every style: "Stack: [python, typescript, rust]", "React with FastAPI on the
backend and Postgres", "Lots of C++23, Qt 6.9, CMake". Names are matched case-insensitively, with an
optional version ("C++23", "Qt 6.9", "Python 3"), except names that are also everyday English words
("Go", "React", "Spring", "Rails", "Swift"), which count only as written with their capital.
"""

from __future__ import annotations

import re

LANGUAGES = (
    "Python", "Java", "JavaScript", "TypeScript", "C++", "C#", "Go", "Golang", "Rust", "Ruby", "Perl", "PHP",
    "Scala", "Kotlin", "Swift", "Objective-C", "Elixir", "Erlang", "Haskell", "Clojure", "OCaml", "F#", "R",
    "Julia", "MATLAB", "SQL", "Bash", "Shell", "Lua", "Dart", "Zig", "Fortran", "COBOL", "Groovy", "C",
    "Solidity", "Verilog", "VHDL", "SystemVerilog", "Assembly", "Nim", "Crystal", "Elm", "PowerShell",
    "Visual Basic", "VBA", "Racket", "Scheme", "Lisp", "Common Lisp", "Prolog", "Ada", "Pascal", "Delphi",
    "Smalltalk", "Apex", "ABAP", "HCL", "Mojo", "CUDA C", "GLSL", "HLSL", "WebAssembly", "Wasm",
)  # fmt: skip
FRAMEWORKS = (
    "React", "React Native", "Next.js", "Nuxt", "Vue", "Vue.js", "Angular", "Svelte", "SvelteKit", "Remix",
    "Ember", "jQuery", "Redux", "Tailwind", "Bootstrap", "Node.js", "Node", "Deno", "Bun", "Express",
    "NestJS", "Django", "Flask", "FastAPI", "Rails", "Ruby on Rails", "Sinatra", "Laravel", "Symfony",
    "Spring", "Spring Boot", "Quarkus", "Micronaut", ".NET", "ASP.NET", "Blazor", "Phoenix", "LiveView",
    "Flutter", "SwiftUI", "UIKit", "Jetpack Compose", "Xamarin", "Ionic", "Electron", "Tauri", "Qt", "GTK",
    "Unity", "Unreal", "Godot", "Three.js", "WebGL", "WebGPU", "OpenGL", "Vulkan", "Metal", "DirectX",
    "PyTorch", "TensorFlow", "JAX", "Keras", "scikit-learn", "sklearn", "XGBoost", "LightGBM", "pandas",
    "NumPy", "SciPy", "Polars", "Hugging Face", "Transformers", "LangChain", "LlamaIndex", "vLLM", "ONNX",
    "TensorRT", "Triton", "CUDA", "OpenCL", "OpenCV", "ROS", "ROS2", "ROS 2", "Gazebo", "MuJoCo",
    "Isaac Sim", "Simulink", "OpenMP", "MPI", "Boost", "gRPC", "GraphQL", "tRPC", "Protobuf", "Thrift",
    "Kafka", "RabbitMQ", "NATS", "Celery", "Sidekiq", "Temporal", "Airflow", "Dagster", "Prefect", "dbt",
    "Spark", "PySpark", "Hadoop", "Flink", "Beam", "Ray", "Dask", "Storybook", "Webpack", "Vite", "Babel",
    "Jest", "Cypress", "Playwright", "Selenium", "Pytest", "JUnit", "RSpec", "Prisma", "Hibernate",
    "SQLAlchemy", "Zustand", "htmx", "Hotwire", "Stimulus", "Alpine.js", "Solid.js", "Astro", "Gatsby",
    "HTML", "CSS", "Sass", "SCSS", "LLM", "LLMs", "RAG", "OpenAI", "Anthropic", "Claude", "GPT",
)  # fmt: skip
DATA_STORES = (
    "PostgreSQL", "Postgres", "MySQL", "MariaDB", "SQLite", "SQL Server", "Oracle", "MongoDB", "DynamoDB",
    "Cassandra", "ScyllaDB", "Redis", "Memcached", "Elasticsearch", "OpenSearch", "ClickHouse", "BigQuery",
    "Redshift", "Snowflake", "Databricks", "Druid", "Pinot", "TimescaleDB", "InfluxDB", "CockroachDB",
    "Neo4j", "Pinecone", "Weaviate", "pgvector", "Qdrant", "Milvus", "Supabase", "Firebase", "Firestore",
    "Neon", "PlanetScale", "Iceberg", "Delta Lake", "Parquet", "S3", "NoSQL",
)  # fmt: skip
PLATFORMS = (
    "AWS", "GCP", "Google Cloud", "Azure", "Vercel", "Netlify", "Heroku", "Fly.io", "Cloudflare", "Render",
    "DigitalOcean", "Kubernetes", "K8s", "Docker", "Helm", "Terraform", "Pulumi", "Ansible", "Chef",
    "Puppet", "CloudFormation", "CDK", "Nomad", "Consul", "Vault", "Istio", "Envoy", "Nginx", "Linux",
    "Unix", "Windows", "macOS", "iOS", "Android", "Embedded Linux", "RTOS", "FreeRTOS", "Zephyr", "Yocto",
    "Prometheus", "Grafana", "Datadog", "Sentry", "OpenTelemetry", "Splunk", "New Relic", "PagerDuty",
    "Jenkins", "GitHub Actions", "GitLab CI", "CircleCI", "Buildkite", "ArgoCD", "Argo", "Bazel", "CMake",
    "Make", "Gradle", "Maven", "Git", "GitHub", "GitLab", "Jira", "Figma", "Lambda", "EC2", "ECS", "EKS",
    "GKE", "SQS", "SNS", "Kinesis", "Pub/Sub", "Cloud Run", "Looker", "Tableau", "Power BI", "Metabase",
    "Excel", "Salesforce", "HubSpot", "SAP", "ServiceNow", "Stripe", "Twilio", "Segment", "Amplitude",
    "Mixpanel", "FPGA", "FPGAs", "ASIC", "Xilinx", "Vivado", "LabVIEW", "SolidWorks", "AutoCAD", "KiCad",
    "Altium", "Ethereum", "Solana", "REST", "WebSockets", "WebRTC", "OAuth", "CI/CD",
)  # fmt: skip

# Names that are also everyday words ("go ahead", "react quickly", "the unity of..."): capital required.
_CASED = frozenset(
    (
        "Go", "R", "C", "Swift", "Spring", "Rails", "React", "Express", "Node", "Shell", "Assembly", "Dart",
        "Julia", "Crystal", "Elm", "Scheme", "Ada", "Pascal", "Flask", "Metal", "Unity", "Ray", "Beam",
        "Spark", "Temporal", "Make", "Render", "Chef", "Puppet", "Vault", "Consul", "Envoy", "Argo",
        "Stimulus", "Astro", "Boost", "Neon", "Oracle", "Iceberg", "Segment", "Stripe", "Druid", "Pinot",
        "Lambda", "Windows", "Claude", "GPT", "REST", "Remix", "Ember", "Transformers", "Triton", "Phoenix",
        "Nomad", "Excel", "Apex", "Bun", "Sinatra", "Solid.js", "Racket", "Ionic", "Helm", "Bootstrap",
        "Electron", "Maven", "Amplitude", "JAX", "Unreal",
    )
)  # fmt: skip

ALL = LANGUAGES + FRAMEWORKS + DATA_STORES + PLATFORMS

# An optional version after a name: "C++23", "Qt 6.9", "Python 3.12", "ROS 2", "Java 21".
_VERSION = r"(?:\s?v?\d+(?:\.\d+)*(?![\w.]))?"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _lexicon(words: tuple[str, ...]) -> re.Pattern[str]:
    cased = [w for w in words if w in _CASED]
    loose = [w for w in words if w not in _CASED]
    # "Series C" funding and "R&D" are no languages.
    body = f"(?:(?i:{_alternation(loose)})|{_alternation(cased)})"
    return re.compile(rf"(?<![\w.#+-])(?<!Series )(?<!Plan )(?:{body}){_VERSION}(?![\w#+&])(?!-suite)")


LANGUAGE_RE = _lexicon(LANGUAGES)
TECH_RE = _lexicon(ALL)

# A passage that labels its stack: "Stack:", "Tech stack", "Technologies:", "our tools", "we use".
STACK_LABEL = re.compile(
    r"\b(?:tech(?:nology)?\s+stack|(?:our|the)\s+stack|stack\s*(?::|includes|is\b)|technologies\s*:"
    r"|tech\s*:|tools\s*:|tooling\s*:|frameworks?\s*:|languages?\s*:|built (?:with|on)|we(?:'re| are)?"
    r"\s+(?:primarily\s+)?(?:use|using|on)\b|(?:written|built) in)",
    re.IGNORECASE,
)


def names_in(text: str, *, languages_only: bool = False) -> list[str]:
    """Technology names in ``text`` as written there, first mention first, one per name."""
    pattern = LANGUAGE_RE if languages_only else TECH_RE
    out: dict[str, str] = {}
    for m in pattern.finditer(text):
        name = m.group(0).strip()
        out.setdefault(name.casefold(), name)
    return list(out.values())


def density(text: str, *, languages_only: bool = False) -> int:
    """How many different technologies a passage names; a labelled stack line counts double."""
    n = len(names_in(text, languages_only=languages_only))
    return n * 2 if n and STACK_LABEL.search(text) else n
