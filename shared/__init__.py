"""Code shared by the Lambda functions: domain models, document parsers and rules, data access, observability.

Glossary (Korean terms appear here once, beside the English names used in code):

- claim: 전자대금청구 (e호조+BILL payment claim) or 보조금 집행 청구 (subsidy execution claim)
- LG, local government: 지방자치단체; LG code: 자치단체 코드 (5 digits)
- BRN, business registration number: 사업자등록번호 (10 digits, last one a check digit)
- tax invoice: 전자세금계산서 (KEC standard XML); approval number: 승인번호 (24 digits)
- supplier / buyer: 공급자 / 공급받는자
- net total / tax total / grand total: 공급가액 / 세액 / 합계금액
- amendment reason: 수정사유; original approval number: 당초 승인번호
- payment deadline: 대금 지급기한 (지방계약법 시행령 §67: 5 business days after acceptance)
- acceptance / return: 검사 합격(수리) / 반려
"""
