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
- grant: 교부결정 (a subsidy decision); recipient: 보조사업자; expense category: 비목 / 통계목
- advance: 교부 (the grant's money paid to the recipient); execution: 집행; grant settlement: 정산
- sanction: 제재 (부정수급자 exclusion, 제재부가금 surcharge); review: 부정수급 검토
- national link: e나라도움 (the national subsidy system); similar or duplicate programs: 유사·중복 사업
- budget current: 예산현액; commitment: 지출원인행위; expended: 지출액; carried over: 다음연도이월액; unused: 불용액
- payment run: 지급; month close: 월 마감; year close: 결산 (provisional: 가결산); late-payment interest: 지연이자
- statements: 재정상태표 (financial position), 재정운영표 (operations), 순자산변동표 (changes in net assets)
- public indicators: 지방재정365; financial independence: 재정자립도
"""
