"""Team network survey analysis: graph building, metrics, roles and findings."""

from core.network.analysis import NetworkAnalysis, analyse
from core.network.graph import RELATIONS, ExpertiseClaim, PartnerLink, Person, Tie, build_graph

__all__ = [
    "RELATIONS",
    "ExpertiseClaim",
    "NetworkAnalysis",
    "PartnerLink",
    "Person",
    "Tie",
    "analyse",
    "build_graph",
]
