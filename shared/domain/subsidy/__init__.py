"""Subsidy validation (보탬e 지방보조금관리): grants (교부결정), sanctions (제재), fraud indicators (부정수급 지표),
similar or duplicate programs (유사·중복 사업), the review queue and the national link (e나라도움)."""
