// SPDX license expression parser: a lexer and a recursive-descent parser whose recursion is
// bounded by the parenthesis depth (see include/openness/spdx_expression.h).
#include "openness/spdx_expression.h"

#include <utility>

namespace openness {
namespace {

struct Token {
  enum class Kind { kId, kAnd, kOr, kWith, kOpen, kClose, kEnd };
  Kind kind = Kind::kEnd;
  std::string_view text;
  size_t offset = 0;
};

bool IsIdChar(char c, bool strict) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
      c == '.' || c == ':' || c == '+') {
    return true;
  }
  return !strict && c == '_';
}

bool EqualsUpper(std::string_view word, std::string_view upper, bool strict) {
  if (word.size() != upper.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (!strict && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

std::string At(size_t offset) { return " (at byte " + std::to_string(offset) + ")"; }

class Parser {
 public:
  Parser(std::string_view text, const SpdxParseOptions& options) : text_(text), opt_(options) {}

  Status Lex() {
    size_t i = 0;
    while (i < text_.size()) {
      const char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (c == '(' || c == ')') {
        tokens_.push_back(
            {c == '(' ? Token::Kind::kOpen : Token::Kind::kClose, text_.substr(i, 1), i});
        ++i;
      } else if (IsIdChar(c, opt_.strict)) {
        size_t j = i;
        while (j < text_.size() && IsIdChar(text_[j], opt_.strict)) ++j;
        const std::string_view word = text_.substr(i, j - i);
        Token::Kind kind = Token::Kind::kId;
        if (EqualsUpper(word, "AND", opt_.strict)) kind = Token::Kind::kAnd;
        if (EqualsUpper(word, "OR", opt_.strict)) kind = Token::Kind::kOr;
        if (EqualsUpper(word, "WITH", opt_.strict)) kind = Token::Kind::kWith;
        tokens_.push_back({kind, word, i});
        i = j;
      } else {
        return Status::Corruption("unexpected character '" + std::string(1, c) + "'" + At(i));
      }
    }
    tokens_.push_back({Token::Kind::kEnd, {}, text_.size()});
    return Status::Ok();
  }

  Status ParseAll(SpdxExpression* out) {
    Status s = ParseOr(0, out);
    if (!s.ok()) return s;
    const Token& t = tokens_[pos_];
    if (t.kind != Token::Kind::kEnd) {
      if (t.kind == Token::Kind::kId && pos_ > 0 &&
          (tokens_[pos_ - 1].kind == Token::Kind::kId ||
           tokens_[pos_ - 1].kind == Token::Kind::kClose)) {
        return Status::Corruption("expected an operator between '" +
                                  std::string(tokens_[pos_ - 1].text) + "' and '" +
                                  std::string(t.text) + "'" + At(t.offset));
      }
      return Status::Corruption("unexpected '" + std::string(t.text) + "'" + At(t.offset));
    }
    return Status::Ok();
  }

 private:
  // or := and ("OR" and)*
  Status ParseOr(int depth, SpdxExpression* out) {
    return ParseChain(depth, Token::Kind::kOr, SpdxExpression::Kind::kOr, out);
  }

  Status ParseChain(int depth, Token::Kind op, SpdxExpression::Kind kind, SpdxExpression* out) {
    SpdxExpression first;
    Status s = op == Token::Kind::kOr
                   ? ParseChain(depth, Token::Kind::kAnd, SpdxExpression::Kind::kAnd, &first)
                   : ParseWith(depth, &first);
    if (!s.ok()) return s;
    if (tokens_[pos_].kind != op) {
      *out = std::move(first);
      return Status::Ok();
    }
    SpdxExpression node;
    node.kind = kind;
    auto append = [&](SpdxExpression e) {
      // Flatten a chain of the same operator ("(a OR b) OR c" stays grouped: it came in
      // parentheses and is a single operand here only when it has another kind).
      if (e.kind == kind) {
        for (SpdxExpression& o : e.operands) node.operands.push_back(std::move(o));
      } else {
        node.operands.push_back(std::move(e));
      }
    };
    append(std::move(first));
    while (tokens_[pos_].kind == op) {
      ++pos_;
      SpdxExpression next;
      s = op == Token::Kind::kOr
              ? ParseChain(depth, Token::Kind::kAnd, SpdxExpression::Kind::kAnd, &next)
              : ParseWith(depth, &next);
      if (!s.ok()) return s;
      append(std::move(next));
    }
    *out = std::move(node);
    return Status::Ok();
  }

  // with := primary ("WITH" id)?
  Status ParseWith(int depth, SpdxExpression* out) {
    Status s = ParsePrimary(depth, out);
    if (!s.ok()) return s;
    if (tokens_[pos_].kind == Token::Kind::kWith) {
      const Token& with = tokens_[pos_];
      if (out->kind != SpdxExpression::Kind::kLicense || !out->exception.empty()) {
        return Status::Corruption("WITH must follow a single license id" + At(with.offset));
      }
      ++pos_;
      const Token& t = tokens_[pos_];
      if (t.kind != Token::Kind::kId) {
        return Status::Corruption("expected an exception id after WITH" + At(t.offset));
      }
      out->exception = std::string(t.text);
      ++pos_;
    }
    return Status::Ok();
  }

  // primary := id | "(" or ")"
  Status ParsePrimary(int depth, SpdxExpression* out) {
    const Token& t = tokens_[pos_];
    if (t.kind == Token::Kind::kOpen) {
      if (depth + 1 > opt_.max_depth) {
        return Status::TooLarge("parentheses nested deeper than " + std::to_string(opt_.max_depth) +
                                At(t.offset));
      }
      ++pos_;
      Status s = ParseOr(depth + 1, out);
      if (!s.ok()) return s;
      if (tokens_[pos_].kind != Token::Kind::kClose) {
        return Status::Corruption("missing ')' for the '(' at byte " + std::to_string(t.offset) +
                                  At(tokens_[pos_].offset));
      }
      ++pos_;
      return Status::Ok();
    }
    if (t.kind != Token::Kind::kId) {
      if (t.kind == Token::Kind::kEnd) {
        return Status::Corruption(pos_ == 0 ? "empty expression"
                                            : "expression ends after an operator" + At(t.offset));
      }
      return Status::Corruption("expected a license id, found '" + std::string(t.text) + "'" +
                                At(t.offset));
    }
    if (++licenses_ > opt_.max_licenses) {
      return Status::TooLarge("more than " + std::to_string(opt_.max_licenses) + " license ids" +
                              At(t.offset));
    }
    std::string_view id = t.text;
    SpdxExpression e;
    // One trailing '+' means "or later"; "openrail++" is a Hub id and stays whole.
    if (id.size() > 1 && id.back() == '+' && id[id.size() - 2] != '+') {
      e.or_later = true;
      id.remove_suffix(1);
    }
    if (opt_.strict) {
      for (size_t k = 0; k < id.size(); ++k) {
        if (id[k] == '+' || (id[k] == ':' && !id.starts_with("DocumentRef-"))) {
          return Status::Corruption("invalid character in license id '" + std::string(t.text) +
                                    "'" + At(t.offset + k));
        }
      }
    }
    e.id = std::string(id);
    ++pos_;
    *out = std::move(e);
    return Status::Ok();
  }

  std::string_view text_;
  const SpdxParseOptions& opt_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t licenses_ = 0;
};

void CollectLicenses(const SpdxExpression& e, std::vector<const SpdxExpression*>* out) {
  if (e.kind == SpdxExpression::Kind::kLicense) {
    out->push_back(&e);
    return;
  }
  for (const SpdxExpression& o : e.operands) CollectLicenses(o, out);
}

std::vector<std::vector<const SpdxExpression*>> Dnf(const SpdxExpression& e, size_t max) {
  using Sets = std::vector<std::vector<const SpdxExpression*>>;
  if (e.kind == SpdxExpression::Kind::kLicense) return {{&e}};
  if (e.kind == SpdxExpression::Kind::kOr) {
    Sets out;
    for (const SpdxExpression& o : e.operands) {
      for (auto& set : Dnf(o, max)) {
        if (out.size() >= max) return out;
        out.push_back(std::move(set));
      }
    }
    return out;
  }
  // AND: the product of the operands' alternatives.
  Sets out = {{}};
  for (const SpdxExpression& o : e.operands) {
    const Sets right = Dnf(o, max);
    Sets next;
    for (const auto& left : out) {
      for (const auto& r : right) {
        if (next.size() >= max) break;
        auto joined = left;
        joined.insert(joined.end(), r.begin(), r.end());
        next.push_back(std::move(joined));
      }
    }
    out = std::move(next);
  }
  return out;
}

}  // namespace

bool SpdxExpression::is_ref() const {
  return id.starts_with("LicenseRef-") || id.starts_with("DocumentRef-");
}

std::string SpdxExpression::ToString() const {
  if (kind == Kind::kLicense) {
    std::string s = id;
    if (or_later) s += "+";
    if (!exception.empty()) s += " WITH " + exception;
    return s;
  }
  std::string out;
  const char* op = kind == Kind::kAnd ? " AND " : " OR ";
  for (size_t i = 0; i < operands.size(); ++i) {
    if (i > 0) out += op;
    const SpdxExpression& o = operands[i];
    // AND inside OR needs no parentheses; OR inside AND does.
    const bool wrap = o.kind == Kind::kOr && kind == Kind::kAnd;
    out += wrap ? "(" + o.ToString() + ")" : o.ToString();
  }
  return out;
}

std::vector<const SpdxExpression*> SpdxExpression::Licenses() const {
  std::vector<const SpdxExpression*> out;
  CollectLicenses(*this, &out);
  return out;
}

std::vector<std::vector<const SpdxExpression*>> SpdxExpression::Alternatives(
    size_t max_alternatives) const {
  return Dnf(*this, max_alternatives == 0 ? 1 : max_alternatives);
}

Result<SpdxExpression> ParseSpdxExpression(std::string_view text, const SpdxParseOptions& options) {
  if (text.size() > options.max_length) {
    return Status::TooLarge("expression of " + std::to_string(text.size()) +
                            " bytes is over the limit of " + std::to_string(options.max_length));
  }
  Parser p(text, options);
  Status s = p.Lex();
  if (!s.ok()) return s;
  SpdxExpression e;
  s = p.ParseAll(&e);
  if (!s.ok()) return s;
  return e;
}

}  // namespace openness
