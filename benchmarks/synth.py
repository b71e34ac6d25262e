"""Realistic-looking bibliographic text, deterministic from a seed.

Titles, venues, author names and ~150-word abstracts are drawn from word
lists of the field, so that filtering scans text of the real length and
shape (a substring scan costs what the haystack's length costs).
"""

from __future__ import annotations

import random

FIRST = """Aaron Abdul Adele Ahmed Aisha Akira Alan Alice Amir Ana Andrea Andrei Anna Arjun Ashok Aya Bao Beatriz
Bin Bo Boris Carla Carlos Chao Chen Chiara Chloe Dan Daniel David Deepak Diana Dmitri Elena Emma Eric Fang Farah Fatima
Feng Gang Giulia Hana Hao Hiroshi Hong Hui Igor Irina Ivan Jakob James Jia Jian Jie Jin Jing Jiwoo Joao Jun Kai Karim
Kenji Kevin Laura Lei Lena Li Lin Ling Lucas Lucia Mahmoud Maria Mario Marta Mei Miguel Min Ming Mohammed Nadia Naveen
Nikhil Ning Olga Omar Pablo Peng Pierre Ping Priya Qiang Qing Rahul Ravi Rui Sara Sergei Shu Sofia Sunil Takashi Tao Tian
Ting Tomas Vikram Wei Wen Xia Xiao Xin Yan Yang Yi Ying Yong Yu Yuki Yun Zhen Zhi Zoe""".split()
LAST = """Abe Ahmed Alvarez Anderson Bai Becker Brown Cai Cao Chen Cheng Costa Cui Dai Das Deng Ding Dong Du Fan Fang Feng
Fischer Fu Gao Garcia Gong Gu Guo Gupta Han Hao He Hoffmann Hu Huang Ito Jiang Jin Johnson Kang Khan Kim Kobayashi Kong
Kumar Lee Li Liang Lin Liu Lopez Lu Luo Ma Martin Meng Meyer Miller Mori Muller Nguyen Novak Pan Park Peng Petrov Qian Qin
Ren Rossi Sato Schmidt Shao Shen Shi Silva Singh Smith Song Su Sun Suzuki Tan Tanaka Tang Tian Wan Wang Weber Wei Wu Xie
Xu Xue Yamamoto Yan Yang Yao Ye Yin Yu Yuan Zeng Zhang Zhao Zheng Zhou Zhu Zou""".split()
ADJECTIVES = """adaptive adversarial attention-based autoregressive Bayesian causal compositional contrastive convex decentralized
deep differentiable diffusion-based discrete distributed dynamic efficient end-to-end energy-efficient explainable fair
federated few-shot generative geometric graph-based hierarchical hybrid incremental interpretable latent lightweight
low-rank multi-agent multimodal neural nonparametric online parallel privacy-preserving probabilistic quantized robust
scalable self-supervised semi-supervised sparse spatio-temporal stochastic structured transferable unsupervised
variational zero-shot""".split()
NOUNS = """accelerators agents alignment allocation anomalies architectures attention benchmarks caching calibration
clustering code compilers compression consensus control datasets decoding detection diffusion distillation embeddings
estimation evaluation exploration features forecasting generalization graphs hardware hashing imaging indexing inference
kernels knowledge language layouts learning localization memory meshes models navigation networks optimization parsing
perception planning policies pretraining pruning quantization queries ranking reasoning recommendation reconstruction
representations retrieval robots routing sampling scheduling search segmentation sensors simulation speech storage
summarization synthesis tokenization tracking training transformers translation trees verification video vision
workloads""".split()
DOMAINS = """autonomous driving, medical imaging, large language models, recommender systems, edge devices, protein structure,
climate modelling, power grids, financial time series, code generation, speech recognition, robot manipulation,
scientific computing, data centers, social networks, remote sensing, drug discovery, question answering, video
understanding, 3D scenes, wireless networks, knowledge graphs, mobile phones, cloud storage, point clouds""".replace("\n", " ").split(", ")
METHODS = """transformers, graph neural networks, reinforcement learning, contrastive learning, diffusion models, mixture of
experts, knowledge distillation, low-rank adaptation, Gaussian processes, variational inference, Monte Carlo tree search,
sparse attention, neural architecture search, message passing, curriculum learning, meta-learning, prompt tuning,
state space models, optimal transport, kernel methods""".replace("\n", " ").split(", ")
TITLES = (
    "{Adj} {noun} for {domain}",
    "Towards {adj} {noun} with {method}",
    "{Method} for {adj} {noun} in {domain}",
    "On the {noun} of {adj} {noun2}",
    "{Adj} and {adj2} {noun}: a study of {method}",
    "Scaling {noun} to {domain} with {adj} {method}",
    "Rethinking {noun} for {adj} {noun2}",
    "{Adj} {noun} via {method}",
)
VERBS = """improves reduces enables outperforms generalizes accelerates stabilizes captures models combines extends
predicts learns exploits bounds matches recovers compresses""".split()
FILLER = """the a our this their each every novel simple unified new standard recent existing large small strong""".split()
FUNCTION = """of the to and in for with on we is are by that from as an at which this""".split()
LINKS = """while because although whereas and but so thus hence moreover furthermore""".split()
VENUES = """NeurIPS ICML ICLR CVPR ICCV ECCV ACL EMNLP NAACL AAAI IJCAI KDD WWW SIGIR SIGMOD VLDB ICDE OSDI SOSP NSDI
SIGCOMM ISCA MICRO HPCA ASPLOS PLDI POPL ICSE FSE CHI UIST ICRA IROS RSS TPAMI JMLR TACL TOG TKDE TON""".split()
TYPES = ("Conference Paper", "Journal Article", "Workshop Paper", "Preprint")


def name_pool() -> list[str]:
    """Co-author names: every first name with every last name, bare and with four middle initials (~70,000)."""
    middles = ("", "A. ", "K. ", "M. ", "S. ")
    return [f"{first} {middle}{last}" for middle in middles for first in FIRST for last in LAST]


class TextMaker:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        # Function words weigh as in English prose: about half the words of an abstract.
        self._words = ADJECTIVES + NOUNS + VERBS + FILLER + FUNCTION * 6

    def title(self) -> str:
        rng = self.rng
        adj, adj2 = rng.sample(ADJECTIVES, 2)
        noun, noun2 = rng.sample(NOUNS, 2)
        method, domain = rng.choice(METHODS), rng.choice(DOMAINS)
        return rng.choice(TITLES).format(
            adj=adj, Adj=adj.capitalize(), adj2=adj2, noun=noun, noun2=noun2, method=method, Method=method.capitalize(),
            domain=domain,
        )

    def abstract(self, words: int = 150) -> str:
        """Sentences of 12-25 words, about `words` words in all."""
        rng, sentences, count = self.rng, [], 0
        while count < words - 8:
            length = rng.randint(12, 25)
            body = rng.choices(self._words, k=length - 6)
            opening = [rng.choice(FILLER), rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(VERBS)]
            closing = [rng.choice(LINKS), rng.choice(DOMAINS)]
            sentence = " ".join(opening + body + closing)
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            count += sentence.count(" ") + 1
        return " ".join(sentences)

    def venue(self, year: int) -> tuple[str, str]:
        kind = self.rng.choice(TYPES)
        return f"{self.rng.choice(VENUES)} {year}", kind

    def year(self) -> int:
        return min(2025, int(self.rng.triangular(1985, 2026, 2024)))
