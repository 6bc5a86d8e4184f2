/**
 * Infix to postfix translation with EPICS postfix.c's operator-precedence algorithm.
 *
 * We reproduce its acceptance rules rather than design our own grammar, so that an expression
 * compiles here exactly when an EPICS IOC would load it, with the same meaning and the same
 * CALC_ERR_* reason when it fails. The only differences are extra rejections: expressions EPICS
 * cannot run safely (stack-verifier.ts), more than 79 pending operators (EPICS overruns an
 * array) and, by default, more than 79 characters. Facts carried over from postfix.c:
 *
 * - Pending operators wait on a stack; an arriving operator first outputs every pending one
 *   whose in-stack priority is >= its incoming priority ('?' and ':' use >, so they only flush
 *   real operators, not '(' or pending ':='/':' markers).
 * - Functions are prefix operators: "SIN A" and "ABS -1" are legal, and "-2**2" is (-2)**2.
 * - ',' flushes to the enclosing '(' and counts one more argument on it; on ')' a MAX, MIN,
 *   FINITE or ISNAN just before the '(' takes that count. ATAN2 and FMOD are fixed two-argument
 *   prefix operators, checked only through the stack depth count.
 * - ':=' is legal only directly after a variable A..L with no pending operator, so "(A):=1" is
 *   fine but "B+A:=1" is not. The variable fetch is replaced by a pending store.
 * - ';' flushes everything; at most one value may be pending there (CALC_ERR_TOOMANY).
 * - A linear count of the stack depth (both '?:' branches counted, ':' counting -1) must never
 *   go negative, never reach 80, and end at exactly 1.
 */
import type { CalcErrorCode } from './errors.js';
import { CalcSyntaxError } from './errors.js';
import type { CalcElement } from './elements.js';
import type { IrInstruction } from './ir.js';
import { COND_END_MARKER } from './ir.js';
import { matchElement, offendingText, skipSpaces } from './lexer.js';
import { CALC_MAX_PENDING_OPERATORS, CALC_STACK_SIZE } from './limits.js';
import { isHexLiteral, scanDecimalLiteral, scanHexLiteral } from './literals.js';
import { Op } from './opcodes.js';

interface PendingOperator {
  readonly element: CalcElement;
  readonly op: Op | typeof COND_END_MARKER;
  readonly operand: number;
  readonly position: number;
  /** Mutable: a '(' counts its commas here and a varargs function inherits the count. */
  stackEffect: number;
}

/** Translates an infix calc expression into postfix instructions, or throws CalcSyntaxError. */
export function parseCalc(expression: string): IrInstruction[] {
  return new CalcParser(expression).parse();
}

class CalcParser {
  private readonly output: IrInstruction[] = [];
  private readonly pending: PendingOperator[] = [];
  /** Positions of the '?' still waiting for their ':'. */
  private readonly openConditionals: number[] = [];
  private operandExpected = true;
  /** EPICS's linear count of the evaluation stack depth. */
  private depth = 0;
  /** Position of the operator that first made `depth` negative, for the error message. */
  private underflowPosition = -1;

  constructor(private readonly src: string) {}

  parse(): IrInstruction[] {
    let pos = 0;
    for (;;) {
      pos = skipSpaces(this.src, pos);
      if (pos >= this.src.length) break;
      const start = pos;
      const element = matchElement(this.src, start, this.operandExpected);
      if (element === undefined) throw this.unexpected(start);
      pos = this.accept(element, start);
      if (this.depth < 0) {
        const at = this.underflowPosition;
        throw this.error('UNDERFLOW', at, `Not enough operands for '${offendingText(this.src, at)}'`);
      }
      if (this.depth >= CALC_STACK_SIZE) {
        throw this.error('OVERFLOW', start, 'Evaluation stack overflow', `more than ${CALC_STACK_SIZE - 1} values pending`);
      }
    }

    const end = this.src.length;
    this.flushAll();
    this.requireBalancedConditionals();
    if (this.operandExpected) throw this.error('INCOMPLETE', end, 'Incomplete expression', 'operand missing');
    if (this.depth !== 1) {
      const yields = this.depth < 1 ? 'it yields no value' : `it yields ${this.depth} values instead of 1`;
      throw this.error('INCOMPLETE', end, 'Incomplete expression', yields);
    }
    return this.output;
  }

  /** Handles one element starting at `start`; returns the position after it. */
  private accept(element: CalcElement, start: number): number {
    let end = start + element.name.length;
    switch (element.kind) {
      case 'operand':
        this.emit(element.op, element.operand, start, end);
        this.depth += 1;
        this.operandExpected = false;
        break;
      case 'literal':
        end = this.acceptLiteral(start);
        break;
      case 'store':
        this.acceptStore(element, start);
        break;
      case 'prefix':
      case 'varargs':
      case 'openParen':
        this.flushWhile((p) => p.element.inStackPriority >= element.incomingPriority);
        this.push(element, element.op, element.operand, start);
        break;
      case 'binary':
        this.flushWhile((p) => p.element.inStackPriority >= element.incomingPriority);
        this.push(element, element.op, element.operand, start);
        this.operandExpected = true;
        break;
      case 'separator':
        this.flushToOpenParen(start, 'BAD_SEPARATOR', "Unexpected ','", 'comma outside parentheses').stackEffect -= 1;
        this.operandExpected = true;
        break;
      case 'closeParen':
        this.acceptCloseParen(start);
        break;
      case 'conditionalIf':
      case 'conditionalElse':
        this.acceptConditional(element, start);
        break;
      case 'terminator':
        this.flushAll();
        this.requireBalancedConditionals();
        if (this.depth > 1) {
          throw this.error('TOO_MANY_RESULTS', start, "Too many results before ';'", 'all but one sub-expression must be assignments');
        }
        this.operandExpected = true;
        break;
    }
    return end;
  }

  private acceptLiteral(start: number): number {
    const scan = isHexLiteral(this.src, start) ? scanHexLiteral(this.src, start) : scanDecimalLiteral(this.src, start);
    if (!scan.ok) {
      throw this.error('BAD_LITERAL', start, `Bad numeric literal '${this.src.slice(start, scan.end)}'`, scan.reason);
    }
    this.emit(Op.PUSH_CONST, scan.value, start, scan.end);
    this.depth += 1;
    this.operandExpected = false;
    return scan.end;
  }

  private acceptStore(element: CalcElement, start: number): void {
    const last = this.output[this.output.length - 1];
    if (this.pending.length > 0 || last === undefined || last.op !== Op.FETCH_ARG) {
      throw this.error('BAD_ASSIGNMENT', start, "Bad assignment ':='", 'it must directly follow a variable A-L');
    }
    this.output.pop();
    this.push(element, Op.STORE_ARG, last.operand, start);
    this.depth -= 1;
    this.operandExpected = true;
  }

  private acceptCloseParen(start: number): void {
    const paren = this.flushToOpenParen(start, 'PAREN_NOT_OPEN', "Unexpected ')'", "no '(' is open");
    this.pending.pop();
    const owner = this.pending[this.pending.length - 1];
    if (owner !== undefined && owner.element.kind === 'varargs') {
      owner.stackEffect = paren.stackEffect;
      // Unreachable in practice ("MAX()" is a syntax error), kept from postfix.c's check.
      if (owner.stackEffect > 0) throw this.error('INCOMPLETE', start, `No arguments for ${owner.element.name}`);
    }
  }

  private acceptConditional(element: CalcElement, start: number): void {
    this.flushWhile((p) => p.element.inStackPriority > element.incomingPriority);
    this.emit(element.op, 0, start, start + 1);
    this.noteDepthChange(element.stackEffect, start);
    if (element.kind === 'conditionalIf') {
      this.openConditionals.push(start);
    } else {
      if (this.openConditionals.pop() === undefined) throw this.error('CONDITIONAL', start, "Unexpected ':'", "no '?' before it");
      // The pending marker outputs COND_END later; the jump itself already counted the -1.
      this.push(element, COND_END_MARKER, 0, start, 0);
    }
    this.operandExpected = true;
  }

  private requireBalancedConditionals(): void {
    const open = this.openConditionals[this.openConditionals.length - 1];
    if (open !== undefined) throw this.error('CONDITIONAL', open, "'?' without ':'");
  }

  private push(
    element: CalcElement,
    op: Op | typeof COND_END_MARKER,
    operand: number,
    position: number,
    stackEffect = element.stackEffect,
  ): void {
    if (this.pending.length >= CALC_MAX_PENDING_OPERATORS) {
      throw this.error('NESTING', position, 'Expression nested too deeply', `more than ${CALC_MAX_PENDING_OPERATORS} pending operators`);
    }
    this.pending.push({ element, op, operand, position, stackEffect });
  }

  /** Outputs pending operators while `predicate` holds for the top one. */
  private flushWhile(predicate: (p: PendingOperator) => boolean): void {
    for (let top = this.peek(); top !== undefined && predicate(top); top = this.peek()) this.outputPending();
  }

  /** Outputs pending operators down to the innermost '(' (left pending) and returns that '('. */
  private flushToOpenParen(position: number, code: CalcErrorCode, problem: string, why: string): PendingOperator {
    if (!this.pending.some((p) => p.element.kind === 'openParen')) throw this.error(code, position, problem, why);
    this.flushWhile((p) => p.element.kind !== 'openParen');
    return this.peek()!;
  }

  /** Outputs every pending operator, as at ';' and at the end; a '(' left open is an error. */
  private flushAll(): void {
    for (let top = this.peek(); top !== undefined; top = this.peek()) {
      if (top.element.kind === 'openParen') throw this.error('PAREN_OPEN', top.position, "Unclosed '('");
      this.outputPending();
    }
  }

  private outputPending(): void {
    const p = this.pending.pop()!;
    // A varargs function's argument count is 1 + the commas its parentheses counted.
    const operand = p.element.kind === 'varargs' ? 1 - p.stackEffect : p.operand;
    this.output.push({ op: p.op, operand, position: p.position, token: this.tokenAt(p) });
    this.noteDepthChange(p.stackEffect, p.position);
  }

  private noteDepthChange(delta: number, position: number): void {
    this.depth += delta;
    if (this.depth < 0 && this.underflowPosition < 0) this.underflowPosition = position;
  }

  private emit(op: Op, operand: number, start: number, end: number): void {
    this.output.push({ op, operand, position: start, token: this.src.slice(start, end) });
  }

  private peek(): PendingOperator | undefined {
    return this.pending[this.pending.length - 1];
  }

  private tokenAt(p: PendingOperator): string {
    return this.src.slice(p.position, p.position + p.element.name.length);
  }

  private unexpected(pos: number): CalcSyntaxError {
    const expected = this.operandExpected ? "an operand (number, variable, function or '(')" : 'an operator';
    return this.error('SYNTAX', pos, `Unexpected '${offendingText(this.src, pos)}'`, `expected ${expected}`);
  }

  private error(code: CalcErrorCode, position: number, problem: string, why?: string): CalcSyntaxError {
    return new CalcSyntaxError(code, position, this.src, problem, why);
  }
}
